import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fixtureFile, sharedDrugFile } from './shared-data.js';

/** Python RDKit's values for one NCI molecule (scripts/reference-values.py). */
export interface NciReference {
  readonly line: number;
  readonly id: string;
  readonly smiles: string;
  readonly valid: boolean;
  readonly clogp?: number;
  readonly mw?: number;
  readonly hbd?: number;
  readonly rotb?: number;
  readonly tpsa?: number;
  readonly qed?: number;
  readonly sa?: number;
  readonly morgan?: number[];
  readonly pains?: string[];
  /** Names of the NIBR "exclude" filters that match. */
  readonly medchem?: string[];
  /** TPSA from the reference file made with Daylight's tools and Ertl's tpsa.c. */
  readonly ertlTpsa: number;
}

/** The 4,999 NCI molecules with Python RDKit's values and the Ertl TPSA reference, by line. */
export function nciReference(): { rdkit: string; molecules: NciReference[] } {
  const ref = JSON.parse(gunzipSync(readFileSync(fixtureFile('nci-5k-reference.json.gz'))).toString()) as {
    rdkit: string;
    molecules: Omit<NciReference, 'smiles' | 'ertlTpsa'>[];
  };
  const smiles = readFileSync(sharedDrugFile('nci-first-5k.smi'), 'utf8').split('\n');
  const tpsa = readFileSync(sharedDrugFile('nci-first-5k.tpsa.csv'), 'utf8').split('\n').slice(1);
  return {
    rdkit: ref.rdkit,
    molecules: ref.molecules.map((m) => ({
      ...m,
      smiles: smiles[m.line - 1]!.split('\t')[0]!,
      ertlTpsa: Number(tpsa[m.line - 1]!.split(',').at(-1)),
    })),
  };
}
