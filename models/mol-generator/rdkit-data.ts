// Collects the molecules of Debian's rdkit-data package (RDKit's BSD-licensed example and test sets:
// WEHI screening compounds, ChEMBL series, PubChem and EGFR/BZR/CDK2 sets) into rdkit-data.smi, committed
// beside this script, so the generator's training data does not need the package installed.
//   apt-get install rdkit-data && cd models && node --import tsx mol-generator/rdkit-data.ts
// The NCI set of the same package is read from ../shared/datasets/drug/ by data.ts instead.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isStrataError } from '@strata/core';
import { RDKit } from '@strata/drug';
import { openMolecules } from '@strata/drug/node';
import type { ReadMoleculesOptions } from '@strata/drug';

const RDKIT_DATA = '/usr/share/RDKit';

/** Each file, how to read it, and a short name for the source column. */
const SOURCES: readonly { file: string; source: string; options?: ReadMoleculesOptions }[] = [
  {
    file: 'Data/Pains/test_data/wehi_mols.csv',
    source: 'wehi',
    options: { header: false, smilesColumn: 0, idColumn: 1 },
  },
  { file: 'Contrib/FreeWilson/data/CHEMBL2321810.smi', source: 'chembl2321810' },
  { file: 'Contrib/fraggle/data/ChEMBL_11265_actives.smi', source: 'chembl-11265' },
  {
    file: 'Contrib/NIBRSubstructureFilters/examples/chembl24_structs_randomtestSample_100.csv',
    source: 'chembl24-sample',
    options: { smilesColumn: 'smiles', idColumn: 'chemblid' },
  },
  {
    file: 'Contrib/Fastcluster/cdk2.smi',
    source: 'cdk2',
    options: { format: 'tsv', header: false, smilesColumn: 1, idColumn: 0 },
  },
  { file: 'Contrib/PBF/testData/egfr.sdf', source: 'egfr' },
  { file: 'Projects/DbCLI/testData/pubchem.200.sdf', source: 'pubchem200' },
  { file: 'Projects/DbCLI/testData/bzr.sdf', source: 'bzr' },
];

/** ChEMBL molecules that RDKit's PAINS tests use: `#` comment lines, then `index<TAB>SMARTS<TAB>SMILES<TAB>id`. */
const PAINS_EXAMPLES = 'Data/Pains/test_data/test_set3.txt';

/** The NIBR filter table's PubChem examples: five SMILES and CIDs per filter, in columns EX1..EX5. */
const NIBR = 'Contrib/NIBRSubstructureFilters/SubstructureFilter_HitTriaging_wPubChemExamples.csv';

const rdkit = await RDKit.load();
const lines: string[] = ['smiles\tid\tsource'];
const add = (molecule: string, id: string | null, source: string) => {
  // SD records come as molblocks; every molecule is written as RDKit's SMILES of what the file holds.
  // One past RDKit's size limits (a few polymer-like PubChem entries) is left out.
  let smiles: string | null = null;
  try {
    smiles = rdkit.withMol(molecule, (mol) => mol.get_smiles());
  } catch (err) {
    if (!isStrataError(err, 'MOLECULE_TOO_LARGE')) throw err;
  }
  if (smiles && !/\s/.test(smiles))
    lines.push(`${smiles}\t${(id ?? '').replace(/\s+/g, ' ').trim()}\t${source}`);
};
for (const { file, source, options } of SOURCES) {
  const path = `${RDKIT_DATA}/${file}`;
  if (!existsSync(path)) throw new Error(`${path} is missing: install Debian's rdkit-data`);
  const before = lines.length;
  for await (const r of openMolecules(path, options)) {
    if (!r.error) add(r.molecule, r.id, source);
  }
  console.log(`${source}: ${lines.length - before} molecules`);
}
let before = lines.length;
for (const line of readFileSync(`${RDKIT_DATA}/${PAINS_EXAMPLES}`, 'utf8').split('\n')) {
  const [, , smiles, id] = line.split('\t');
  if (!line.startsWith('#') && smiles) add(smiles, id ?? null, 'chembl-pains-examples');
}
console.log(`chembl-pains-examples: ${lines.length - before} molecules`);
before = lines.length;
for await (const r of openMolecules(`${RDKIT_DATA}/${NIBR}`, {
  smilesColumn: 'EX1',
  idColumn: 'PATTERN_NAME',
})) {
  for (let k = 1; k <= 5; k++) {
    const smiles = r.fields[`EX${k}`] ?? (k === 1 ? r.molecule : undefined);
    if (smiles) add(smiles, r.fields[`CID_Ex${k}`] ?? null, 'nibr-pubchem-examples');
  }
}
console.log(`nibr-pubchem-examples: ${lines.length - before} molecules`);
writeFileSync(fileURLToPath(new URL('rdkit-data.smi', import.meta.url)), lines.join('\n') + '\n');
console.log(`rdkit-data.smi: ${lines.length - 1} molecules`);
