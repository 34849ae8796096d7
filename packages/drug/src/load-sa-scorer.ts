import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { SaScorer } from './descriptors/sa-score.js';

const BUNDLED = new URL('../data/sa-score-fragments.bin.gz', import.meta.url);

/**
 * The SA scorer with the fragment contributions bundled with this package (Ertl & Schuffenhauer 2009,
 * from RDKit's Contrib/SA_Score), or those of a gzipped JSON file of your own (`{ "<id>": score }`).
 */
export async function loadSaScorer(path: string | URL = BUNDLED): Promise<SaScorer> {
  const bytes = gunzipSync(await readFile(path));
  return String(path).endsWith('.json.gz')
    ? SaScorer.fromJson(bytes.toString('utf8'))
    : SaScorer.fromBinary(bytes);
}
