import { gzipSync } from 'node:zlib';
import { isStrataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { openMolecules } from '../open-molecules.js';
import { sharedDrugFile } from '../testing/shared-data.js';
import { readDelimited } from './delimited.js';
import { readMolecules } from './read-molecules.js';
import type { MoleculeRecord } from './record.js';
import { readSdf } from './sdf.js';

const all = async (it: AsyncIterable<MoleculeRecord>) => {
  const out: MoleculeRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
};

const ASPIRIN_V2000 = `aspirin
  made by hand

 13 13  0  0  0  0  0  0  0  0999 V2000
    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
  1  2  1  0
  2  3  2  0
  2  4  1  0
  4  5  1  0
  5  6  2  0
  6  7  1  0
  7  8  2  0
  8  9  1  0
  9 10  2  0
 10  5  1  0
 10 11  1  0
 11 12  2  0
 11 13  1  0
M  END
> <IC50>
12.5

> <note>
two
lines

$$$$
`;

const ETHANOL_V3000 = `ethanol

  handmade

  0  0  0     0  0            999 V3000
M  V30 BEGIN CTAB
M  V30 COUNTS 3 2 0 0 0
M  V30 BEGIN ATOM
M  V30 1 C 0 0 0 0
M  V30 2 C 0 0 0 0
M  V30 3 O 0 0 0 0
M  V30 END ATOM
M  V30 BEGIN BOND
M  V30 1 1 1 2
M  V30 2 1 2 3
M  V30 END BOND
M  V30 END CTAB
M  END
> <IC50>
99

$$$$
`;

describe('molecule readers', () => {
  it('read the 4,999 NCI SMILES with their ids and line numbers, from a file and gzipped', async () => {
    const records = await all(openMolecules(sharedDrugFile('nci-first-5k.smi')));
    expect(records).toHaveLength(4999);
    expect(records[0]).toEqual({ position: 1, id: '1', molecule: 'CC1=CC(=O)C=CC1=O', fields: {} });
    expect(records.at(-1)!.id).toBe('5065');
    const { readFileSync } = await import('node:fs');
    const gz = gzipSync(readFileSync(sharedDrugFile('nci-first-5k.smi')));
    // Fed in small chunks, as an upload arrives.
    const chunks = Array.from({ length: Math.ceil(gz.length / 1000) }, (_, i) =>
      gz.subarray(i * 1000, (i + 1) * 1000),
    );
    const again = await all(readMolecules(chunks, { name: 'nci.smi.gz' }));
    expect(again).toEqual(records);
  });

  it('read CSV with a header, quoting and the SMILES and id columns found by name or given', async () => {
    const esol = await all(openMolecules(sharedDrugFile('esol-delaney.csv'), { idColumn: 'Compound ID' }));
    expect(esol).toHaveLength(1128);
    expect(esol[0]).toMatchObject({ position: 2, id: 'Amigdalin' });
    expect(esol[0]!.fields['measured log solubility in mols per litre']).toBe('-0.77');
    const tox = await all(openMolecules(sharedDrugFile('tox21.csv')));
    expect(tox[0]).toMatchObject({ id: 'TOX3021', molecule: 'CCOc1ccc2nc(S(N)(=O)=O)sc2c1' });
    expect(tox[0]!.fields['NR-AR']).toBe('0');
    const quoted = 'name,smiles,note\r\n"a, ""b""",CCO,"multi\nline"\nc,,empty smiles is skipped\n';
    expect(await all(readDelimited([quoted], { format: 'csv' }))).toEqual([
      { position: 2, id: 'a, "b"', molecule: 'CCO', fields: { note: 'multi\nline' } },
    ]);
    const tsv = await all(readMolecules(['id\tSMILES\nm1\tc1ccccc1\n'], { format: 'tsv' }));
    expect(tsv[0]).toMatchObject({ id: 'm1', molecule: 'c1ccccc1' });
  });

  it('say which columns there are when the SMILES column is missing, and where a quote is never closed', async () => {
    await expect(all(readDelimited(['a,b\n1,2\n'], { format: 'csv' }))).rejects.toSatisfy(
      (e) => isStrataError(e, 'COLUMN_NOT_FOUND') && /the columns are a, b/.test((e as Error).message),
    );
    const [row] = await all(readDelimited(['smiles\n"CCO\n'], { format: 'csv' }));
    expect(row).toMatchObject({
      position: 2,
      molecule: '',
      error: expect.stringMatching(/^line 2: a quoted field opens here and is not closed/),
    });
  });

  it('follow a quoted field over many lines, escaped quotes at line ends, scanning each line once', async () => {
    const csv = 'smiles,note\nCCO,"a ""\nb"" c\n""\n"\nCCN,x\n';
    expect(await all(readDelimited([csv], { format: 'csv' }))).toEqual([
      { position: 2, id: null, molecule: 'CCO', fields: { note: 'a "\nb" c\n"\n' } },
      { position: 6, id: null, molecule: 'CCN', fields: { note: 'x' } },
    ]);
    // Re-splitting the open row with every line was quadratic: seconds for these 20,000 lines, not milliseconds.
    // The row is given up; every line after it is a row of its own.
    const open = `smiles,note\nCCO,"never closed\n${'more text, more text\n'.repeat(20_000)}`;
    const rows = await all(readDelimited([open], { format: 'csv' }));
    expect(rows).toHaveLength(20_001);
    expect(rows[0]).toMatchObject({ position: 2, error: expect.stringMatching(/^line 2: a quoted field/) });
    expect(rows[20_000]).toEqual({
      position: 20_002,
      id: null,
      molecule: 'more text',
      fields: { note: ' more text' },
    });
  });

  it('read SD files, V2000 and V3000, with data fields and record numbers, split anywhere', async () => {
    const text = ASPIRIN_V2000 + ETHANOL_V3000;
    const records = await all(readSdf(Array.from(text, (c) => c)));
    expect(records.map((r) => [r.position, r.id, r.fields])).toEqual([
      [1, 'aspirin', { IC50: '12.5', note: 'two\nlines' }],
      [2, 'ethanol', { IC50: '99' }],
    ]);
    expect(records[1]!.molecule).toContain('M  V30 BEGIN CTAB');
    expect(records[0]!.molecule.endsWith('M  END\n')).toBe(true);
    const sniffed = await all(readMolecules([new TextEncoder().encode(text)]));
    expect(sniffed.map((r) => r.id)).toEqual(['aspirin', 'ethanol']);
    const byField = await all(readSdf([text], { idField: 'IC50' }));
    expect(byField.map((r) => r.id)).toEqual(['12.5', '99']);
  });

  it('refuse a corrupt gzip stream with a clear error', async () => {
    const gz = gzipSync('CCO 1\n');
    const cut = gz.subarray(0, gz.length - 6);
    await expect(all(readMolecules([cut], { name: 'x.smi.gz' }))).rejects.toSatisfy((e) =>
      isStrataError(e, 'READER_FORMAT'),
    );
  });
});
