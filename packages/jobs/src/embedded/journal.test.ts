import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newJobRecord, type JobRecord } from '../job-record.js';
import { Journal } from './journal.js';

const record = (id: string): JobRecord => ({ ...newJobRecord({ kind: 'k', input: { n: 1 } }), id });

describe('job journal', () => {
  it('replays records and patches, skips a torn last line, and compacts on open', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-journal-'));
    const { journal } = Journal.open(dir);
    journal.add(record('a'));
    journal.add(record('b'));
    journal.patch('a', { state: 'running', checkpoint: { next: 3 }, checkpointDone: 3 });
    journal.patch('b', { state: 'succeeded', result: { ok: true } });
    journal.close();
    appendFileSync(join(dir, 'jobs.jsonl'), '{"id":"a","patch":{"state":"fai'); // a write cut short by a kill
    const { journal: again, jobs } = Journal.open(dir);
    expect(jobs.get('a')).toMatchObject({ state: 'running', checkpoint: { next: 3 }, checkpointDone: 3 });
    expect(jobs.get('b')).toMatchObject({ state: 'succeeded', result: { ok: true } });
    expect(readFileSync(join(dir, 'jobs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    again.close();
  });

  it('keeps a job whose record line is damaged mid-journal as failed, and quarantines the journal as found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-journal-'));
    const { journal } = Journal.open(dir);
    journal.add(record('a'));
    journal.add({ ...record('b'), kind: 'screen' });
    journal.add(record('c'));
    journal.patch('b', { state: 'running', done: 5 });
    journal.patch('c', { state: 'succeeded' });
    journal.close();
    const path = join(dir, 'jobs.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    // Bytes flipped inside b's record (a disk error, an editor): no longer JSON; and one line of garbage.
    lines[1] = lines[1]!.replace('"state":"queued"', '"state":queu\u0000ed');
    lines.splice(3, 0, '[1,2,3]');
    const found = lines.join('\n');
    writeFileSync(path, found);

    const { journal: again, jobs, damage } = Journal.open(dir);
    expect(jobs.get('a')?.state).toBe('queued');
    expect(jobs.get('c')?.state).toBe('succeeded');
    // b is not lost: its id and kind are read from what is left, and it ends failed saying why.
    expect(jobs.get('b')).toMatchObject({
      kind: 'screen',
      state: 'failed',
      done: 5,
      error: { code: 'JOB_FAILED', message: expect.stringMatching(/record was damaged .*line 2/) },
    });
    expect(damage?.lines.map((l) => [l.line, l.reason])).toEqual([
      [2, 'not JSON'],
      [4, 'not a JSON object'],
    ]);
    expect(damage?.recovered).toEqual(['b']);
    // The journal as found is kept whole; the compacted one holds b as failed.
    expect(readdirSync(join(dir, 'quarantine'))).toHaveLength(1);
    expect(readFileSync(damage!.quarantined, 'utf8')).toBe(found);
    again.close();
    const { jobs: third, damage: none } = Journal.open(dir);
    expect(third.get('b')?.state).toBe('failed');
    expect(none).toBeNull();
  });

  it('forgets a removed job for good, even when a late line names it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-journal-'));
    const { journal } = Journal.open(dir);
    journal.add(record('a'));
    journal.remove('a');
    journal.patch('a', { state: 'failed' });
    journal.close();
    const { journal: again, jobs, damage } = Journal.open(dir);
    expect(jobs.size).toBe(0);
    expect(damage).toBeNull();
    again.close();
  });
});
