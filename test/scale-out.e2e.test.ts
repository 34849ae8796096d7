// Scale-out over a real Redis: a screen runs in shards on three `strata worker` processes; one is
// killed (SIGKILL) in the middle of a shard, another takes the shard over from its last checkpoint,
// and the job ends with exactly the rows of the same screen run in-process: none lost, none repeated.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { arrowBytesToTable, tableToRows } from '@strata/core';
import { type JobInfo } from '@strata/jobs';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { DRUG_JOBS, type ScreenJobResult } from '@strata/drug/node';
import { sharedDrugFile } from '@strata/drug/testing';
import { RedisJobQueue } from '@strata/jobs/redis';
import { root, startGateway } from './gateway-process.js';

const redisUrl = () => {
  const base = inject('redisUrl');
  if (!base) throw new Error('no Redis for the tests: install redis-server, or set STRATA_TEST_REDIS_URL');
  return `${base}/7`; // a database of its own
};

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  readonly exited: Promise<number | null>;
}

const workers: WorkerProcess[] = [];
afterAll(() => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
});

function startWorker(stateDir: string, domains = 'drug', url = redisUrl()): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [join(root, 'apps/cli/dist/main.js'), 'worker', '--domains', domains],
    {
      env: {
        ...process.env,
        STRATA_JOBS: url,
        STRATA_STATE_DIR: stateDir,
        STRATA_JOB_WORKERS: '1',
        STRATA_JOB_LOCK_MS: '3000',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const w: WorkerProcess = {
    child,
    lines: [],
    exited: new Promise((r) => child.once('exit', (code) => r(code))),
  };
  workers.push(w);
  return new Promise((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      w.lines.push(entry);
      if (entry.msg === 'strata worker taking jobs') resolve(w);
    });
  });
}

const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const rowsOf = (job: JobInfo) =>
  tableToRows(arrowBytesToTable(readFileSync((job.result as ScreenJobResult).output)));

describe('a screen on three worker processes over Redis', () => {
  it('survives a worker killed mid-shard with exactly the in-process rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-scale-'));
    const library = join(dir, 'library.smi');
    const lines = readFileSync(sharedDrugFile('nci-first-5k.smi'), 'utf8').split('\n').slice(0, 1600);
    writeFileSync(library, `${lines.join('\n')}\n`);
    const input = { input: library, workers: 1, batchSize: 40, shardSize: 320, options: { sa: false } };

    const local = await EmbeddedJobQueue.open({ dir: join(dir, 'local'), handlers: DRUG_JOBS, workers: 1 });
    const baseline = await local.wait((await local.submit({ kind: 'drug.screen', input })).id);
    await local.close();
    expect(baseline.state).toBe('succeeded');
    expect(rowsOf(baseline)).toHaveLength(1600);

    const stateDir = join(dir, 'shared');
    await Promise.all([startWorker(stateDir), startWorker(stateDir), startWorker(stateDir)]);
    // The API side: submits and follows, runs nothing.
    const api = await RedisJobQueue.open({
      url: redisUrl(),
      handlers: DRUG_JOBS,
      resultsDir: join(stateDir, 'jobs', 'results'),
      workers: 0,
    });
    const job = await api.submit({ kind: 'drug.screen', input });

    // The first worker to start a shard is killed once that shard has checkpointed, before it commits.
    let victim: { worker: WorkerProcess; shard: number } | undefined;
    await until(() => {
      for (const worker of workers)
        for (const l of worker.lines)
          if (l.msg === 'shard started' && !victim) victim = { worker, shard: l.shard as number };
      return victim !== undefined;
    }, 'a shard to start');
    const shard = async () => (await api.shards(job.id))[victim!.shard]!;
    await until(async () => (await shard()).done > 0, 'the shard to checkpoint');
    victim!.worker.child.kill('SIGKILL');
    const atKill = await shard();
    expect(atKill.committed).toBe(false);
    expect(await victim!.worker.exited).toBeNull();

    const final = await api.wait(job.id);
    expect(final.state).toBe('succeeded');
    expect(final.progress).toMatchObject({ done: 1600, total: 1600 });
    // Another worker took the shard over from its checkpoint, not from the start.
    const takeover = workers
      .filter((w) => w !== victim!.worker)
      .flatMap((w) => w.lines)
      .find((l) => l.msg === 'shard started' && l.shard === victim!.shard);
    expect(takeover?.resumeFrom).toBeGreaterThan(0);
    expect(rowsOf(final)).toEqual(rowsOf(baseline));

    await api.close();
    // SIGTERM: each remaining worker stops taking jobs and exits cleanly.
    const rest = workers.filter((w) => w !== victim!.worker);
    for (const w of rest) w.child.kill('SIGTERM');
    expect(await Promise.all(rest.map((w) => w.exited))).toEqual([0, 0]);
  }, 240_000);

  it('serves the APIs with no local workers: the gateway queues a job over HTTP, a worker runs it', async () => {
    const url = redisUrl().replace(/\/7$/, '/8');
    const stateDir = mkdtempSync(join(tmpdir(), 'strata-scale-api-'));
    const worker = await startWorker(stateDir, 'timeseries', url);
    const gateway = await startGateway({
      STRATA_JOBS: url,
      STRATA_JOB_WORKERS: '0',
      STRATA_STATE_DIR: stateDir,
    });
    try {
      const rows = Array.from({ length: 48 }, (_, i) => ({
        id: 'trend',
        timestamp: Date.UTC(2000, i, 1),
        value: 100 + i + 10 * Math.sin((2 * Math.PI * i) / 12),
      }));
      const submitted = await fetch(`${gateway.base}/timeseries/v1/forecast-jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: rows, h: 6, model: 'ets' }),
      });
      expect(submitted.status).toBe(202);
      const job = (await submitted.json()) as { id: string; links: { events: string } };
      // The events stream of the gateway follows a job that runs in another process.
      const events = await (await fetch(`${gateway.base}/timeseries/${job.links.events}`)).text();
      expect(events).toContain('"state":"succeeded"');
      const results = (await (
        await fetch(`${gateway.base}/timeseries/v1/jobs/${job.id}/results`)
      ).json()) as {
        total: number;
      };
      expect(results.total).toBe(6);
      expect(worker.lines.some((l) => l.msg === 'shard started' && l.jobId === job.id)).toBe(true);
    } finally {
      gateway.stop();
    }
  }, 120_000);

  it('cancels a screen whose shards run in two processes: every shard stops', async () => {
    const url = redisUrl().replace(/\/7$/, '/9');
    const dir = mkdtempSync(join(tmpdir(), 'strata-scale-cancel-'));
    const [a, b] = await Promise.all([startWorker(dir, 'drug', url), startWorker(dir, 'drug', url)]);
    const api = await RedisJobQueue.open({
      url,
      handlers: DRUG_JOBS,
      resultsDir: join(dir, 'jobs', 'results'),
      workers: 0,
    });
    const input = {
      input: join(root, 'datasets/nci-first-5k.smi'),
      workers: 1,
      batchSize: 20,
      shardSize: 250,
      options: { sa: false },
    };
    const job = await api.submit({ kind: 'drug.screen', input });
    const started = (w: WorkerProcess) =>
      w.lines.some((l) => l.msg === 'shard started' && l.jobId === job.id);
    await until(() => started(a!) && started(b!), 'both workers to run a shard');
    await until(async () => ((await api.get(job.id))?.progress.done ?? 0) > 40, 'progress');
    await api.cancel(job.id);
    const final = await api.wait(job.id);
    expect(final.state).toBe('cancelled');
    expect(final.progress.done).toBeLessThan(4999);
    // Nothing of the job runs any more: no shard starts after the cancel, and the workers take new work.
    const shardsSeen = [a!, b!].flatMap((w) => w.lines).filter((l) => l.msg === 'shard started').length;
    await new Promise((r) => setTimeout(r, 1500));
    expect([a!, b!].flatMap((w) => w.lines).filter((l) => l.msg === 'shard started').length).toBe(shardsSeen);
    const small = join(dir, 'small.smi');
    writeFileSync(small, 'c1ccccc1O phenol\nCC(=O)Oc1ccccc1C(=O)O aspirin\n');
    const next = await api.submit({ kind: 'drug.screen', input: { ...input, input: small } });
    expect(await api.wait(next.id)).toMatchObject({ state: 'succeeded', progress: { done: 2 } });
    await api.close();
    for (const w of [a!, b!]) w.child.kill('SIGTERM');
    expect(await Promise.all([a!.exited, b!.exited])).toEqual([0, 0]);
  }, 180_000);
});
