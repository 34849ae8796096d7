import { describe, expect, it } from 'vitest';
import type { JobInfo, Json } from '@strata/jobs';
import { screenSummary } from './screens.js';

/** A finished screen as the queue keeps it, with the options it was submitted with. */
const finished = (options: Json, input: Json = { input: 'library.smi', options }): JobInfo => ({
  id: 'j1',
  kind: 'drug.screen',
  name: null,
  state: 'succeeded',
  input,
  progress: { done: 2, total: 2, rate: null, etaSeconds: null },
  result: { rows: 2, failed: 0, columns: ['id', 'qed', 'NumHBA'], rdkit: '2026.09.1', output: 'x.arrow' },
  error: null,
  resultsLocation: 'results',
  attempts: 1,
  resumedFrom: 0,
  cancelRequested: false,
  createdAt: '2026-12-07T00:00:00Z',
  startedAt: '2026-12-07T00:00:01Z',
  finishedAt: '2026-12-07T00:00:02Z',
});

describe('a finished screen as clients see it', () => {
  const summary = screenSummary([]);

  it('labels its columns as its options describe them', () => {
    const s = summary(finished({}));
    expect(s.rows).toBe(2);
    expect(s.columns.find((c) => c.name === 'NumHBA')?.label).toBe('H-bond acceptors');
  });

  it('is still shown when its stored options no longer parse (an older version, another client)', () => {
    const s = summary(finished({ rank: { by: 7 }, models: 'not a list' }));
    expect(s.columns.map((c) => [c.name, c.label])).toEqual([
      ['id', 'id'],
      ['qed', 'qed'],
      ['NumHBA', 'NumHBA'],
    ]);
  });

  it('is still shown when the journal rebuilt its record and its input is lost', () => {
    const s = summary(finished({}, null));
    expect(s.rows).toBe(2);
    expect(s.columns.map((c) => c.label)).toEqual(['ID', 'QED', 'H-bond acceptors']); // as the defaults describe them
  });
});
