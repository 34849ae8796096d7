import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { SaScorer } from './descriptors/sa-score.js';

const BUNDLED = new URL('../data/sa-score-fragments.json.gz', import.meta.url);

/**
 * The SA scorer with the fragment contributions bundled with this package (Ertl & Schuffenhauer 2009,
 * from RDKit's Contrib/SA_Score), or those of a gzipped JSON file of your own.
 */
export async function loadSaScorer(path: string | URL = BUNDLED): Promise<SaScorer> {
  return SaScorer.fromJson(gunzipSync(await readFile(path)).toString('utf8'));
}
