// Step 1 of training the generator: the corpus (data.ts), its vocabulary, and the training sequences as
// token ids made by @strata/drug's own SmilesVocabulary, written for the trainer to
// models/.cache/mol-generator/ (not committed).
//   cd models && node --import tsx mol-generator/export.ts
// Molecules are written as RDKit canonical SMILES (no stereochemistry), as MOSES's CharRNN and GuacaMol's
// SMILES LSTM learn them. Randomised SMILES (Arús-Pous et al. 2019, a new atom order each epoch) were
// tried first: in the hour of training two CPU cores give, a model learns one string per molecule well
// and 24 only badly (validity 0.51 against the canonical model's, see the model card).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SmilesVocabulary } from '@strata/drug';
import { corpus } from './data.js';

/** Longest sequence in tokens, with <bos> and <eos>; longer ones are left out of training. */
export const MAX_TOKENS = 128;
/** A token seen fewer times in the training SMILES is not in the vocabulary (its molecules do not train). */
const MIN_TOKEN_COUNT = 5;

const dir = fileURLToPath(new URL('../.cache/mol-generator/', import.meta.url));
mkdirSync(dir, { recursive: true });

const { molecules, dropped } = await corpus();
const train = molecules.filter((m) => m.split === 'train').map((m) => m.smiles);
const vocab = SmilesVocabulary.build(train, { minCount: MIN_TOKEN_COUNT });

/** Rows of MAX_TOKENS int16 ids, <pad> after <eos>; a SMILES too long or with an unknown token is skipped. */
function rows(smiles: readonly string[]): { ids: Int16Array; kept: number } {
  const ids = new Int16Array(smiles.length * MAX_TOKENS);
  let kept = 0;
  for (const s of smiles) {
    const seq = vocab.encode(s);
    if (!seq || seq.length > MAX_TOKENS) continue;
    ids.set(seq, kept++ * MAX_TOKENS);
  }
  return { ids: ids.subarray(0, kept * MAX_TOKENS), kept };
}
const write = (name: string, smiles: readonly string[]) => {
  const { ids, kept } = rows(smiles);
  writeFileSync(`${dir}${name}.i16`, new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength));
  console.log(`${name}: ${kept} of ${smiles.length} sequences`);
  return kept;
};
const counts: Record<string, number> = {};
counts.train = write('train', train);
counts.valid = write(
  'valid',
  molecules.filter((m) => m.split === 'valid').map((m) => m.smiles),
);
for (const split of ['train', 'valid', 'test'] as const)
  writeFileSync(
    `${dir}${split}.smi`,
    molecules
      .filter((m) => m.split === split)
      .map((m) => m.smiles)
      .join('\n') + '\n',
  );
writeFileSync(
  `${dir}meta.json`,
  JSON.stringify({ maxTokens: MAX_TOKENS, tokens: vocab.tokens, dropped, counts }, null, 1),
);
console.log(`vocabulary: ${vocab.size} tokens; dropped:`, dropped);
