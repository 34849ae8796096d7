// Design jobs and the generator over real HTTP: a design runs as a job followed like any other, its bad
// options are 400s naming the field before any job starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenLocal, type LocalServer } from '@strata/service/testing';
import { openAppUnderTest, type AppUnderTest } from './app-under-test.js';

let opened: AppUnderTest;
let server: LocalServer;
let base = '';

beforeAll(async () => {
  opened = await openAppUnderTest('drug-designs');
  server = await listenLocal(opened.app);
  base = server.base;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await opened?.close();
});

const post = async (path: string, body: unknown) => {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const OBJECTIVE = {
  terms: [
    { kind: 'similarity', targets: ['CC(=O)Nc1ccc(O)cc1'] },
    { kind: 'descriptor', name: 'CrippenClogP', desirability: { goal: 'range', min: 0, max: 3 } },
  ],
  constraints: { noPains: true },
};

describe('design jobs over HTTP', () => {
  it('run a design from a bundled library and answer its generations and best molecules, best first', async () => {
    const res = await post('/v1/designs', {
      options: { objective: OBJECTIVE, seeds: { library: 'nci-5k' }, budget: 400, keep: 15 },
      name: 'paracetamol-like',
    });
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    const done = await opened.queue.wait(id);
    expect(done.state).toBe('succeeded');
    const view = (await (await fetch(`${base}/v1/jobs/${id}`)).json()) as {
      summary: Record<string, unknown>;
    };
    expect(view.summary).toMatchObject({ scored: 400, seedsScored: 4999, stopped: 'budget' });
    expect(JSON.stringify(view.summary)).not.toContain('/');
    const generations = (await (await fetch(`${base}/v1/designs/${id}/generations`)).json()) as {
      state: string;
      generations: { generation: number; best: number; mean: number }[];
    };
    expect(generations.state).toBe('succeeded');
    expect(generations.generations.length).toBe(view.summary.generations);
    const page = (await (await fetch(`${base}/v1/jobs/${id}/results`)).json()) as {
      rows: { smiles: string; score: number; similarity: number; CrippenClogP: number; parents: string }[];
    };
    expect(page.rows).toHaveLength(15);
    const scores = page.rows.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(page.rows[0]!.score).toBeCloseTo(
      Math.sqrt(
        page.rows[0]!.similarity *
          Math.min(1, Math.max(0, 1 - Math.max(0, page.rows[0]!.CrippenClogP - 3) / 1.5)),
      ),
      9,
    );
    const csv = await (await fetch(`${base}/v1/jobs/${id}/results?format=csv`)).text();
    expect(csv.split('\n')[0]).toBe('rank,smiles,score,similarity,CrippenClogP,parents,generation');
  }, 120_000);

  it('refuse bad options with a 400 naming the field, before any job', async () => {
    const before = (await opened.queue.list()).length;
    const cases: [unknown, string][] = [
      [
        {
          objective: { terms: [{ kind: 'descriptor', name: 'LogP', desirability: { goal: 'maximise' } }] },
          seeds: { library: 'nci-5k' },
        },
        'body.options.objective.terms.0.name',
      ],
      [
        {
          objective: {
            terms: [{ kind: 'model', model: 'no-such-model', desirability: { goal: 'maximise' } }],
          },
          seeds: { library: 'nci-5k' },
        },
        'body.options.objective.terms.0.model',
      ],
      [
        { objective: { terms: [{ kind: 'similarity', targets: ['C1CC('] }] }, seeds: { library: 'nci-5k' } },
        'body.options.objective.terms.0.targets.0',
      ],
      [
        {
          objective: { terms: [{ kind: 'qed' }], constraints: { forbid: [{ name: 'x', smarts: '[C' }] } },
          seeds: { library: 'nci-5k' },
        },
        'body.options.objective.constraints.forbid.0.smarts',
      ],
      [
        { objective: { terms: [{ kind: 'qed' }] }, seeds: { library: 'nci-5k' }, budget: 0 },
        'body.options.budget',
      ],
      [
        { objective: { terms: [{ kind: 'qed' }] }, seeds: { library: 'no-such-library' } },
        'body.options.seeds.library',
      ],
      [
        { objective: { terms: [{ kind: 'qed' }] }, lead: { smiles: 'not a molecule' } },
        'body.options.lead.smiles',
      ],
      [{ objective: { terms: [{ kind: 'qed' }] } }, 'body.options.seeds'],
      [
        { objective: { terms: [{ kind: 'qed' }] }, seeds: { generate: { count: 10, model: 'nope' } } },
        'body.options.seeds.generate.model',
      ],
    ];
    for (const [options, field] of cases) {
      const res = await post('/v1/designs', { options });
      expect(res.status, field).toBe(400);
      expect(res.body.field, JSON.stringify(res.body)).toBe(field);
    }
    expect((await opened.queue.list()).length).toBe(before);
  });

  it('answer 404 for the generations of a job that is no design', async () => {
    const res = await fetch(`${base}/v1/designs/nope/generations`);
    expect(res.status).toBe(404);
  });

  it('refuse a generator the server does not have, naming the field', async () => {
    const res = await post('/v1/generate', { model: 'no-such-generator' });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('body.model');
  });
});
