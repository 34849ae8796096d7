import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
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
});
