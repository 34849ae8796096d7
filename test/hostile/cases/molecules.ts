// Molecules and screens a chemist's tools would never send: ids a spreadsheet runs as formulas, lines
// that smuggle in extra rows, and molecules too big for RDKit's WebAssembly build (a chain of 600
// carbons once broke the score threads' RDKit for every later request, 1,000 the main thread's). A
// molecule past the limits is a 400 naming the limit in a request, and one error row in a screened file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { MOLECULE_LIMITS } from '@strata/drug';
import { root } from '../../gateway-process.js';
import { expectProblem, type Answer, type HostileCase, type HostileServer } from '../case.js';

const { maxHeavyAtoms, maxRings, maxSmilesLength } = MOLECULE_LIMITS;
const score = '/drug/v1/molecules/score';
const chain = (n: number) => 'C'.repeat(n);
/** `n` cyclopropanes in a row, each closed with `label(i)`: 3n atoms, n rings. */
const cyclopropanes = (n: number, label: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => `C${label(i)}CC${label(i)}`).join('');
const heavyAtoms = (n: number) =>
  new RegExp(`has ${n} heavy atoms; at most ${maxHeavyAtoms} are accepted \\(maxHeavyAtoms\\)`);

/** The first `n` molecules of the bundled NCI library, as its lines (`SMILES<TAB>id`). */
const nci = (n: number) =>
  readFileSync(join(root, 'datasets/nci-first-5k.smi'), 'utf8').trim().split('\n').slice(0, n);

/** A V2000 molblock of `elements` (coordinates all zero) joined by single `bonds`. */
function molblock(title: string, elements: readonly string[], bonds: readonly [number, number][]): string {
  const p = (v: number | string, w: number) => String(v).padStart(w);
  return [
    title,
    '  hostile',
    '',
    `${p(elements.length, 3)}${p(bonds.length, 3)}  0  0  0  0  0  0  0  0999 V2000`,
    ...elements.map(
      (e) => `    0.0000    0.0000    0.0000 ${e.padEnd(3)} 0  0  0  0  0  0  0  0  0  0  0  0`,
    ),
    ...bonds.map(([a, b]) => `${p(a + 1, 3)}${p(b + 1, 3)}  1  0`),
    'M  END',
  ].join('\n');
}
/** A V3000 molblock of `elements` joined by single `bonds` (no coordinates worth the name). */
function v3000(title: string, elements: readonly string[], bonds: readonly [number, number][]): string {
  return [
    title,
    '  hostile',
    '',
    '  0  0  0     0  0            999 V3000',
    'M  V30 BEGIN CTAB',
    `M  V30 COUNTS ${elements.length} ${bonds.length} 0 0 0`,
    'M  V30 BEGIN ATOM',
    ...elements.map((e, i) => `M  V30 ${i + 1} ${e} 0 0 0 0`),
    'M  V30 END ATOM',
    ...(bonds.length
      ? [
          'M  V30 BEGIN BOND',
          ...bonds.map(([x, y], i) => `M  V30 ${i + 1} 1 ${x + 1} ${y + 1}`),
          'M  V30 END BOND',
        ]
      : []),
    'M  V30 END CTAB',
    'M  END',
  ].join('\n');
}
const chainMolblock = (title: string, n: number) =>
  molblock(
    title,
    Array<string>(n).fill('C'),
    Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as [number, number]),
  );

/** A request with a molecule past a limit: a 400 naming the molecule's field and the limit. */
function refused(
  name: string,
  send: (s: HostileServer) => Promise<Answer>,
  field: string,
  limit: RegExp,
): HostileCase {
  return {
    kind: 'molecule',
    name,
    async run(server) {
      const res = await send(server);
      expectProblem(server, res, 400, 'VALIDATION_FAILED');
      expect(res.body).toMatchObject({ field });
      expect(res.body.detail).toMatch(limit);
    },
  };
}

type Row = { id: string | null; error: string | null; smiles: string | null; NumHeavyAtoms: number | null };

/** Scores molecules: a 200 with one row each, in order. */
async function scored(server: HostileServer, molecules: readonly unknown[]): Promise<Row[]> {
  const res = await server.json(score, { molecules });
  expect(res.status).toBe(200);
  const rows = res.body.rows as Row[];
  expect(rows).toHaveLength(molecules.length);
  return rows;
}

/** Follows a screen job to its end: it succeeded, and its rows come back in order. */
async function screenRows(
  server: HostileServer,
  submitted: Answer | { status: number; body: Record<string, unknown> },
) {
  expect(submitted.status).toBe(202);
  const job = submitted.body as { id: string; links: { events: string } };
  const end = await server.jobEnd('drug', job.links);
  expect(end).toMatchObject({ state: 'succeeded', error: null });
  const page = await server.get(`/drug/v1/jobs/${job.id}/results?limit=5000&sort=position&order=asc`);
  return page.body.rows as Row[];
}

/** Screens molblocks uploaded as one SD file; resolves with the job's rows. */
async function screenSdf(server: HostileServer, molblocks: readonly string[]) {
  const sdf = `${molblocks.map((m) => `${m}\n$$$$`).join('\n')}\n`;
  return screenRows(
    server,
    await server.post('/drug/v1/screens?format=sdf', { 'content-type': 'chemical/x-mdl-sdfile' }, [
      Buffer.from(sdf),
    ]),
  );
}

/** Of screened rows, the ones that failed other than because RDKit cannot parse the molecule. */
const otherFailures = (rows: readonly Row[]) =>
  rows.filter((r) => r.error !== null && r.error !== 'RDKit cannot parse the molecule');

export const moleculeCases: HostileCase[] = [
  {
    kind: 'molecule',
    name: 'ids a spreadsheet would run as formulas are escaped in the results CSV',
    async run(server) {
      const res = await server.json('/drug/v1/screens', {
        molecules: ['CCO =HYPERLINK("http://x")', 'CCN @SUM(A1)', 'CCC propane'],
      });
      expect(res.status).toBe(202);
      const job = res.body as { links: { events: string }; id: string };
      expect((await server.jobEnd('drug', job.links)).state).toBe('succeeded');
      const csv = (await server.get(`/drug/v1/jobs/${job.id}/results?format=csv`)).text;
      expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
      expect(csv).toContain(`'@SUM(A1)`);
      expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    },
  },
  // The reported ones.
  refused(
    'score: a chain of 600 carbons (it broke the score threads’ RDKit) is a 400 naming the limit',
    (s) => s.json(score, { molecules: [chain(600)] }),
    'body.molecules.0',
    heavyAtoms(600),
  ),
  {
    kind: 'molecule',
    name: 'depict: a chain of 1,000 carbons (it broke the main thread’s RDKit) is a 400; depict and similarity answer after it',
    async run(server) {
      const res = await server.get(`/drug/v1/molecules/depict?smiles=${chain(1000)}`);
      expectProblem(server, res, 400, 'VALIDATION_FAILED');
      expect(res.body).toMatchObject({ field: 'query.smiles' });
      expect(res.body.detail).toMatch(heavyAtoms(1000));
      const svg = await server.get('/drug/v1/molecules/depict?smiles=c1ccccc1O');
      expect(svg.status).toBe(200);
      expect(svg.text).toContain('<svg');
      const similar = await server.json('/drug/v1/similarity', { query: 'CC1=CC(=O)C=CC1=O', k: 1 });
      expect(similar.body).toMatchObject({ hits: [{ rank: 1, id: '1', similarity: 1 }] });
    },
  },
  {
    kind: 'molecule',
    name: 'screen: one 900-carbon molecule among 3,000 NCI molecules ends succeeded, with one error row for it',
    async run(server) {
      const lines = nci(3000);
      lines.splice(1500, 0, `${chain(900)}\tgiant`);
      const rows = await screenRows(
        server,
        await server.post('/drug/v1/screens', { 'content-type': 'text/plain' }, [
          Buffer.from(`${lines.join('\n')}\n`),
        ]),
      );
      expect(rows).toHaveLength(3001);
      expect(otherFailures(rows)).toEqual([
        expect.objectContaining({ id: 'giant', error: expect.stringMatching(heavyAtoms(900)) }),
      ]);
      // The few NCI molecules RDKit cannot read fail as they always did; nothing else fails.
      expect(rows.filter((r) => r.error !== null).length).toBeLessThan(10);
      expect(rows[1501]).toMatchObject({ error: null });
    },
  },
  // Sizes around the limit.
  {
    kind: 'molecule',
    name: 'score: a chain at the limit is scored; one carbon more is a 400 naming maxHeavyAtoms',
    async run(server) {
      const [row] = await scored(server, [chain(maxHeavyAtoms)]);
      expect(row).toMatchObject({ error: null, NumHeavyAtoms: maxHeavyAtoms });
      const res = await server.json(score, { molecules: ['CCO', chain(maxHeavyAtoms + 1)] });
      expectProblem(server, res, 400, 'VALIDATION_FAILED');
      expect(res.body).toMatchObject({ field: 'body.molecules.1' });
      expect(res.body.detail).toMatch(heavyAtoms(maxHeavyAtoms + 1));
    },
  },
  refused(
    'score: a SMILES with a name, one character past the length limit, is a 400 naming maxSmilesLength',
    (s) => s.json(score, { molecules: [`${chain(100)} ${'n'.repeat(maxSmilesLength - 100)}`] }),
    'body.molecules.0',
    new RegExp(
      `has ${maxSmilesLength + 1} characters; at most ${maxSmilesLength} are accepted \\(maxSmilesLength\\)`,
    ),
  ),
  // Nesting and ring closures.
  refused(
    'score: branches nested 300 deep is a 400 naming maxHeavyAtoms',
    (s) => s.json(score, { molecules: [`${'C('.repeat(300)}C${')'.repeat(300)}`] }),
    'body.molecules.0',
    heavyAtoms(301),
  ),
  {
    kind: 'molecule',
    name: 'score: branches nested 150 deep are scored; 900 nested empty parentheses are an error row',
    async run(server) {
      const rows = await scored(server, [
        `${'C('.repeat(150)}C${')'.repeat(150)}`,
        `${'('.repeat(900)}C${')'.repeat(900)}`,
      ]);
      expect(rows.map((r) => [r.error, r.NumHeavyAtoms])).toEqual([
        [null, 151],
        ['RDKit cannot parse the molecule', null],
      ]);
    },
  },
  refused(
    'score: 51 cyclopropanes with digit ring closures is a 400 naming maxRings',
    (s) => s.json(score, { molecules: [cyclopropanes(maxRings + 1, () => '1')] }),
    'body.molecules.0',
    new RegExp(`has ${maxRings + 1} rings; at most ${maxRings} are accepted \\(maxRings\\)`),
  ),
  refused(
    'score: 60 ring closures written %nn is a 400 naming maxRings',
    (s) => s.json(score, { molecules: [cyclopropanes(60, (i) => `%${10 + i}`)] }),
    'body.molecules.0',
    /has 60 rings; at most 50 are accepted \(maxRings\)/,
  ),
  {
    kind: 'molecule',
    name: 'score: 40 ring closures written %(nnn) are scored; an unclosed %99 and a %(99999) are a row each',
    async run(server) {
      const rows = await scored(server, [
        cyclopropanes(40, (i) => `%(${100 + i})`),
        'C%99CC',
        'C%(99999)CC%(99999)',
      ]);
      expect(rows.map((r) => [r.error, r.NumHeavyAtoms])).toEqual([
        [null, 120],
        ['RDKit cannot parse the molecule', null],
        [null, 3],
      ]);
    },
  },
  // Fragments, charges, isotopes.
  refused(
    'score: 1,000 dot-separated fragments is a 400 naming maxHeavyAtoms',
    (s) => s.json(score, { molecules: [Array<string>(1000).fill('C').join('.')] }),
    'body.molecules.0',
    heavyAtoms(1000),
  ),
  refused(
    'depict: 3,000 dot-separated fragments is a 400 naming maxSmilesLength',
    (s) => s.get(`/drug/v1/molecules/depict?smiles=${Array<string>(3000).fill('C').join('.')}`),
    'query.smiles',
    /has 5999 characters; at most 2000 are accepted \(maxSmilesLength\)/,
  ),
  {
    kind: 'molecule',
    name: 'score: 199 fragments and 66 salts are scored, one fragment kept by the standardiser',
    async run(server) {
      const rows = await scored(server, [
        Array<string>(199).fill('C').join('.'),
        Array<string>(66).fill('[Na+].[Cl-]').join('.'),
      ]);
      expect(rows.map((r) => [r.error, r.smiles])).toEqual([
        [null, 'C'],
        // All salt: the fragments tie, and the first by SMILES stands.
        [null, '[Cl-]'],
      ]);
    },
  },
  {
    kind: 'molecule',
    name: 'score: huge charges and isotopes are scored or an error row each, never a 500',
    async run(server) {
      const molecules = [
        '[C+999]CC',
        '[999999C]CC',
        '[C-2147483648]',
        '[4294967296C]',
        '[C+99999999999]',
        '[Fe+15]',
        '[CH99]',
      ];
      const rows = await scored(server, molecules);
      expect(rows.map((r) => r.error)).toEqual([
        null,
        null,
        'RDKit cannot parse the molecule',
        'RDKit cannot parse the molecule',
        'RDKit cannot parse the molecule',
        null,
        'RDKit cannot parse the molecule',
      ]);
    },
  },
  // Giant molecules to every drug endpoint.
  refused(
    'score: a giant {id, smiles} is a 400 naming its smiles field',
    (s) => s.json(score, { molecules: [{ id: 'g', smiles: chain(700) }] }),
    'body.molecules.0.smiles',
    heavyAtoms(700),
  ),
  refused(
    'score: a giant query molecule in the options is a 400',
    (s) => s.json(score, { molecules: ['CCO'], options: { queries: [{ id: 'q', smiles: chain(900) }] } }),
    'body.options.queries.0.smiles',
    heavyAtoms(900),
  ),
  refused(
    'score: a giant alert SMARTS in the options is a 400',
    (s) => s.json(score, { molecules: ['CCO'], options: { alerts: [{ name: 'a', smarts: chain(800) }] } }),
    'body.options.alerts.0.smarts',
    heavyAtoms(800),
  ),
  refused(
    'score: a giant molecule as a molblock is a 400',
    (s) => s.json(score, { molecules: [chainMolblock('giant', 600)] }),
    'body.molecules.0',
    heavyAtoms(600),
  ),
  refused(
    'score: a giant molecule as RDKit JSON is a 400',
    (s) =>
      s.json(score, {
        molecules: [
          JSON.stringify({
            rdkitjson: { version: 11 },
            defaults: { atom: { z: 6, impHs: 0, chg: 0, nRad: 0, isotope: 0 }, bond: { bo: 1 } },
            molecules: [
              {
                atoms: Array.from({ length: 1000 }, () => ({ impHs: 2 })),
                bonds: Array.from({ length: 999 }, (_, i) => ({ atoms: [i, i + 1] })),
              },
            ],
          }),
        ],
      }),
    'body.molecules.0',
    heavyAtoms(1000),
  ),
  refused(
    'similarity: a giant query is a 400',
    (s) => s.json('/drug/v1/similarity', { query: chain(1000) }),
    'body.query',
    heavyAtoms(1000),
  ),
  refused(
    'screen: a giant molecule among JSON molecules is a 400 naming its entry',
    (s) => s.json('/drug/v1/screens', { molecules: ['CCO', `${chain(900)} giant`, 'CCN'] }),
    'body.molecules.1',
    heavyAtoms(900),
  ),
  refused(
    'screen: a giant query molecule in a JSON screen’s options is a 400',
    (s) =>
      s.json('/drug/v1/screens', {
        molecules: ['CCO'],
        options: { queries: [{ id: 'q', smiles: chain(650) }] },
      }),
    'body.options.queries.0.smiles',
    heavyAtoms(650),
  ),
  {
    kind: 'molecule',
    name: 'screen upload: a giant query molecule in ?options= is a 400, and the upload is removed',
    async run(server) {
      const options = encodeURIComponent(JSON.stringify({ queries: [{ id: 'q', smiles: chain(650) }] }));
      const res = await server.leavesNoUpload(() =>
        server.post(`/drug/v1/screens?options=${options}`, { 'content-type': 'text/plain' }, [
          Buffer.from('CCO\nCCN\n'),
        ]),
      );
      expectProblem(server, res, 400, 'INVALID_ARGUMENT');
      expect(res.body).toMatchObject({ field: 'query.options.queries.0.smiles' });
      expect(res.body.detail).toMatch(heavyAtoms(650));
    },
  },
  // Giant molecules in screened files: one error row each, the job succeeds.
  {
    kind: 'molecule',
    name: 'screen: an SD file with a 600-atom molblock among ordinary ones has one error row for it',
    async run(server) {
      const ethanol = molblock(
        'ethanol',
        ['C', 'C', 'O'],
        [
          [0, 1],
          [1, 2],
        ],
      );
      const records = [ethanol, chainMolblock('giant', 600), chainMolblock('hexane', 6), ethanol];
      const rows = await screenSdf(server, records);
      expect(rows.map((r) => [r.id, r.error === null ? r.smiles : 'failed'])).toEqual([
        ['ethanol', 'CCO'],
        ['giant', 'failed'],
        ['hexane', 'CCCCCC'],
        ['ethanol', 'CCO'],
      ]);
      expect(rows[1]!.error).toMatch(heavyAtoms(600));
    },
  },
  {
    kind: 'molecule',
    name: 'screen: an SD file of V3000 molblocks, 1,200 lone hydrogens and a 250-carbon chain among them, has one error row each',
    async run(server) {
      const chain250 = Array.from({ length: 249 }, (_, i) => [i, i + 1] as [number, number]);
      const records = [
        v3000('methanol', ['C', 'O'], [[0, 1]]),
        v3000('hydrogens', Array<string>(1200).fill('H'), []),
        v3000('giant', Array<string>(250).fill('C'), chain250),
        v3000(
          'propane',
          ['C', 'C', 'C'],
          [
            [0, 1],
            [1, 2],
          ],
        ),
      ];
      const rows = await screenSdf(server, records);
      expect(rows.map((r) => [r.id, r.error === null ? r.smiles : 'failed'])).toEqual([
        ['methanol', 'CO'],
        ['hydrogens', 'failed'],
        ['giant', 'failed'],
        ['propane', 'CCC'],
      ]);
      expect(rows[1]!.error).toMatch(
        /has 1200 atoms \(hydrogens included\); at most 1000 are accepted \(maxAtoms\)/,
      );
      expect(rows[2]!.error).toMatch(heavyAtoms(250));
    },
  },
  {
    kind: 'molecule',
    name: 'screen: a CSV with giant SMILES (too long, too many atoms, too many rings) has one error row each',
    async run(server) {
      const csv = [
        'name,smiles',
        'ethanol,CCO',
        `long,${chain(maxSmilesLength + 5)}`,
        `atoms,${chain(maxHeavyAtoms + 50)}`,
        `rings,${cyclopropanes(maxRings + 10, () => '1')}`,
        'phenol,c1ccccc1O',
      ].join('\n');
      const rows = await screenRows(
        server,
        await server.post(
          '/drug/v1/screens?format=csv&smilesColumn=smiles&idColumn=name',
          { 'content-type': 'text/csv' },
          [Buffer.from(`${csv}\n`)],
        ),
      );
      expect(rows.map((r) => [r.id, r.error === null])).toEqual([
        ['ethanol', true],
        ['long', false],
        ['atoms', false],
        ['rings', false],
        ['phenol', true],
      ]);
      expect(rows[1]!.error).toMatch(
        new RegExp(
          `has ${maxSmilesLength + 5} characters; at most ${maxSmilesLength} are accepted \\(maxSmilesLength\\)$`,
        ),
      );
      expect(rows[2]!.error).toMatch(heavyAtoms(maxHeavyAtoms + 50));
      expect(rows[3]!.error).toMatch(
        new RegExp(`has ${maxRings + 10} rings; at most ${maxRings} are accepted \\(maxRings\\)$`),
      );
    },
  },
  // One entry, one molecule.
  refused(
    'screen: a JSON molecule containing a line break is a 400',
    (s) => s.json('/drug/v1/screens', { molecules: ['CCO', 'CCN\nCCC\nCCCC'] }),
    'body.molecules.1',
    /one molecule per entry: no line breaks/,
  ),
  refused(
    'screen: a JSON molecule containing a carriage return is a 400',
    (s) => s.json('/drug/v1/screens', { molecules: ['CCO\rCCN'] }),
    'body.molecules.0',
    /one molecule per entry: no line breaks/,
  ),
];
