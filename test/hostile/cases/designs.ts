// Design requests no chemist would send on purpose: an objective naming what does not exist, molecules
// and SMARTS RDKit cannot read, budgets of zero or of a million, a lead with nothing to mutate. Each
// bad option is a 400 naming its field before any job starts; a run that is merely huge is a job that
// can be cancelled; a degenerate lead ends with a reason, not a crash.
import { expect, vi } from 'vitest';
import { MOLECULE_LIMITS } from '@strata/drug';
import { expectProblem, type HostileCase } from '../case.js';
import { within } from './delimited-files.js';

const designs = '/drug/v1/designs';
const generate = '/drug/v1/generate';
const qed = { terms: [{ kind: 'qed' }] };
const seeds = { molecules: ['CCO', 'c1ccccc1O', 'CC(=O)Nc1ccc(O)cc1'] };

/** A design whose options are refused: a 400 naming `field` (and matching `message`), and no job queued. */
function refusedDesign(name: string, options: unknown, field: string, message: RegExp): HostileCase {
  return {
    kind: 'molecule',
    name: `design: ${name} is a 400 naming ${field}`,
    async run(server) {
      const before = (await server.get('/drug/v1/jobs')).body as { jobs?: unknown[] };
      const res = await server.json(designs, { options });
      expectProblem(server, res, 400);
      expect(res.body.field).toBe(field);
      expect(String(res.body.detail)).toMatch(message);
      const after = (await server.get('/drug/v1/jobs')).body as { jobs?: unknown[] };
      expect(after.jobs?.length).toBe(before.jobs?.length);
    },
  };
}

export const designCases: HostileCase[] = [
  refusedDesign(
    'an objective naming an unknown descriptor',
    {
      objective: { terms: [{ kind: 'descriptor', name: 'LogP', desirability: { goal: 'maximise' } }] },
      seeds,
    },
    'body.options.objective.terms.0.name',
    /expected one of/,
  ),
  refusedDesign(
    'an objective naming an unknown property model',
    {
      objective: { terms: [{ kind: 'model', model: 'herg-blocker', desirability: { goal: 'minimise' } }] },
      seeds,
    },
    'body.options.objective.terms.0.model',
    /no property model "herg-blocker"/,
  ),
  refusedDesign(
    'a similarity target RDKit cannot read',
    { objective: { terms: [{ kind: 'similarity', targets: ['CCO', 'c1cccc1N(=O)(=O)=O'] }] }, seeds },
    'body.options.objective.terms.0.targets.1',
    /RDKit cannot read/,
  ),
  refusedDesign(
    'a forbidden SMARTS that does not compile',
    { objective: { ...qed, constraints: { forbid: [{ name: 'x', smarts: '[C;X4' }] } }, seeds },
    'body.options.objective.constraints.forbid.0.smarts',
    /SMARTS/,
  ),
  refusedDesign('a zero budget', { objective: qed, seeds, budget: 0 }, 'body.options.budget', /budget/),
  refusedDesign(
    'a budget of ten million',
    { objective: qed, seeds, budget: 10_000_000 },
    'body.options.budget',
    /budget/,
  ),
  refusedDesign(
    'a lead of 1,000 carbons',
    { objective: qed, lead: { smiles: 'C'.repeat(1000) } },
    'body.options.lead.smiles',
    new RegExp(`at most ${MOLECULE_LIMITS.maxHeavyAtoms} are accepted \\(maxHeavyAtoms\\)`),
  ),
  refusedDesign(
    'seeds from a library the server does not have',
    { objective: qed, seeds: { library: '../../etc/passwd' } },
    'body.options.seeds.library',
    /no library/,
  ),
  {
    kind: 'molecule',
    name: 'design: a lead of one carbon runs and ends with its reason; the generator refuses 501 samples',
    async run(server) {
      const res = await server.json(designs, {
        options: { objective: qed, lead: { smiles: 'C', minSimilarity: 0.4 }, budget: 300 },
      });
      expect(res.status).toBe(202);
      const job = res.body as { id: string; links: { events: string } };
      const end = await within(server.jobEnd('drug', job.links), 60_000, 'the one-carbon design ending');
      expect(end.state).toBe('succeeded');
      const view = (await server.get(`/drug/v1/jobs/${job.id}`)).body as {
        summary?: { stopped?: string };
      };
      expect(['budget', 'patience', 'no new molecules']).toContain(view.summary?.stopped);
      const many = await server.json(generate, { count: 501 });
      expectProblem(server, many, 400);
      expect(many.body.field).toBe('body.count');
    },
  },
  {
    kind: 'molecule',
    name: 'design: seeds that are salts and solvates (a ring cut of one once failed the job) breed as their largest fragment',
    async run(server) {
      const salts = [
        'c1ccc2ccccc2c1.Cl',
        'CN1CCN(CC1)c1ccc(NC(=O)c2ccccc2)cc1.Cl',
        'O=C(O)c1ccc2ccccc2c1.[Na+].O',
      ];
      const res = await server.json(designs, {
        options: { objective: qed, seeds: { molecules: salts }, budget: 400, seed: 3 },
      });
      expect(res.status).toBe(202);
      const job = res.body as { id: string; links: { events: string } };
      const end = await within(server.jobEnd('drug', job.links), 60_000, 'the salt design ending');
      expect(end).toMatchObject({ state: 'succeeded', error: null });
    },
  },
  {
    kind: 'molecule',
    name: 'design: a million-molecule budget is a job that ends cancelled, promptly, when cancelled',
    async run(server) {
      const res = await server.json(designs, {
        options: { objective: qed, seeds, budget: 1_000_000, offspring: 50_000 },
      });
      expect(res.status).toBe(202);
      const job = res.body as { id: string; links: { events: string } };
      const ended = server.jobEnd('drug', job.links);
      await vi.waitFor(
        async () => expect((await server.get(`/drug/v1/jobs/${job.id}`)).body.state).toBe('running'),
        { timeout: 30_000, interval: 20 },
      );
      const cancel = await server.json(`/drug/v1/jobs/${job.id}/cancel`, {});
      expect(cancel.status).toBeLessThan(300);
      expect(await within(ended, 30_000, 'the cancelled design ending')).toMatchObject({
        state: 'cancelled',
      });
    },
    timeoutMs: 90_000,
  },
];
