// A job store damaged while the server was down (a disk error, a bad edit, a crash mid-write): the
// server starts, keeps every job it can still name, says what it could not read, and serves on.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { HostileCase, HostileServer } from '../case.js';

const journal = (server: HostileServer) => join(server.stateDir, 'jobs', 'jobs.jsonl');
const quarantined = (server: HostileServer) => {
  try {
    return readdirSync(join(server.stateDir, 'jobs', 'quarantine'));
  } catch {
    return [];
  }
};

/** Submits a small screen and waits for its end; returns its id. */
async function finishedScreen(server: HostileServer): Promise<string> {
  const res = await server.json('/drug/v1/screens', { molecules: ['CCO ethanol', 'c1ccccc1O phenol'] });
  expect(res.status).toBe(202);
  const job = res.body as { id: string; links: { events: string } };
  expect((await server.jobEnd('drug', job.links)).state).toBe('succeeded');
  return job.id;
}

/** Rewrites the line of the journal that holds `id`'s full record with `damage` applied. */
function damageRecord(server: HostileServer, id: string, damage: (line: string) => string): void {
  const lines = readFileSync(journal(server), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith('{"job":') && l.includes(`"id":"${id}"`));
  expect(at).toBeGreaterThanOrEqual(0);
  lines[at] = damage(lines[at]!);
  writeFileSync(journal(server), lines.join('\n'));
}

export const jobStoreCases: HostileCase[] = [
  {
    kind: 'job-store',
    name: "a finished job's record line with flipped bytes: the job still answers, the journal is quarantined",
    async run(server) {
      const id = await finishedScreen(server);
      const before = quarantined(server).length;
      await server.restart(() => damageRecord(server, id, (l) => l.replace('"input":', '"input"\u0000')));
      const job = await server.get(`/drug/v1/jobs/${id}`);
      expect(job.status).toBe(200);
      expect(job.body).toMatchObject({ id, state: 'succeeded' });
      expect(quarantined(server).length).toBe(before + 1);
    },
  },
  {
    kind: 'job-store',
    name: "a running job's record line cut in half: after the restart it is failed, saying why",
    timeoutMs: 120_000,
    async run(server) {
      const molecules = Array.from({ length: 20_000 }, (_, i) => `${'C'.repeat(1 + (i % 20))}O m${i}`);
      const res = await server.json('/drug/v1/screens', { molecules });
      expect(res.status).toBe(202);
      const { id } = res.body as { id: string };
      await server.restart(() => damageRecord(server, id, (l) => l.slice(0, l.length >> 1)));
      const job = await server.get(`/drug/v1/jobs/${id}`);
      expect(job.status).toBe(200);
      expect(job.body).toMatchObject({ id, state: 'failed', error: { code: 'JOB_FAILED' } });
      expect(JSON.stringify(job.body.error)).toMatch(/record was damaged in the job journal/);
    },
  },
  {
    kind: 'job-store',
    name: 'garbage lines (binary, JSON of the wrong shape, a huge line) in the middle of the journal',
    async run(server) {
      const id = await finishedScreen(server);
      await server.restart(() => {
        const lines = readFileSync(journal(server), 'utf8').split('\n');
        lines.splice(
          1,
          0,
          '\u0000\u0001\u00ff garbage',
          '[1,2,3]',
          '{"id":42,"patch":{}}',
          '{"job":{"id":"x"}}',
          `{"id":"${'z'.repeat(1 << 20)}"`,
          'null',
        );
        writeFileSync(journal(server), lines.join('\n'));
      });
      expect((await server.get(`/drug/v1/jobs/${id}`)).body).toMatchObject({ id, state: 'succeeded' });
      expect((await server.get('/drug/v1/jobs?limit=1000')).status).toBe(200);
    },
  },
  {
    kind: 'job-store',
    name: 'a journal of random bytes, and a lock file of garbage: the server starts and takes jobs',
    async run(server) {
      await server.restart(() => {
        writeFileSync(journal(server), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
        writeFileSync(join(server.stateDir, 'jobs', 'lock'), 'not a pid');
      });
      await finishedScreen(server);
    },
  },
  {
    kind: 'job-store',
    name: 'an empty journal file: the server starts with no jobs',
    async run(server) {
      await server.restart(() => writeFileSync(journal(server), ''));
      expect((await server.get('/drug/v1/jobs')).status).toBe(200);
    },
  },
];
