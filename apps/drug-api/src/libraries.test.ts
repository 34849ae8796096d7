import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScreenJobResult } from '@strata/drug/node';
import { openAppUnderTest, repo, type AppUnderTest } from './app-under-test.js';
import { loadLibrary } from './libraries.js';

let opened: AppUnderTest;

beforeAll(async () => {
  opened = await openAppUnderTest('libraries');
}, 120_000);
afterAll(() => opened.close());

// A header, blank lines and a molecule RDKit cannot read: the places where counts of lines, of records
// and of parsed molecules part ways.
const FILE = [
  'smiles name',
  'CCO ethanol',
  '',
  'C1CC broken',
  '   ',
  'c1ccccc1O phenol',
  'CC(=O)O acetic',
  '',
].join('\n');

describe('a molecule library', () => {
  it('counts its molecules as a screen of its file writes rows: records, not lines or parsed molecules', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'strata-library-')), 'small.smi');
    await writeFile(file, FILE);
    const library = await loadLibrary(opened.resources.rdkit, 'small', file);
    expect({ records: library.records, unparsed: library.unparsed, searched: library.smiles.length }).toEqual(
      {
        records: 4,
        unparsed: 1,
        searched: 3,
      },
    );
    const job = await opened.queue.submit({
      kind: 'drug.screen',
      input: {
        input: file,
        options: { descriptors: [], rules: [], pains: false, sa: false },
        modelsDir: repo('models'),
      },
    });
    const done = await opened.queue.wait(job.id);
    const result = done.result as ScreenJobResult;
    expect({ rows: result.rows, failed: result.failed }).toEqual({
      rows: library.records,
      failed: library.unparsed,
    });
  }, 60_000);

  it('lists the bundled library with that count: every record of the file, and how many RDKit cannot read', async () => {
    const [nci] = (await request(opened.app).get('/v1/libraries')).body.libraries;
    // datasets/README.md: 4,999 records, of which a few RDKit cannot read (screened as error rows).
    expect(nci).toMatchObject({ id: 'nci-5k', molecules: 4999 });
    expect(nci.unparsed).toBe(4999 - opened.resources.libraries.get('nci-5k')!.smiles.length);
    expect(nci.unparsed).toBeGreaterThan(0);
  });
});
