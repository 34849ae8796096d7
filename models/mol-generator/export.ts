// Step 1 of training the generator: the corpus (data.ts), each molecule as SELFIES written by
// @strata/drug's encodeSelfies (or, with --notation smiles, as its canonical SMILES), their vocabulary,
// and the training sequences as token ids made by @strata/drug's SmilesVocabulary (one token per
// bracketed symbol), written for the trainer to models/.cache/mol-generator/ (not committed).
//   cd models && node --import tsx mol-generator/export.ts [--notation smiles]
// SELFIES by default: a SMILES model trained on 15,000 molecules writes strings that are not molecules
// (unclosed rings, valence errors: validity 0.84 after 30 epochs of canonical SMILES, 0.51 with randomised
// SMILES, Arús-Pous et al. 2019), where every SELFIES string is one (Krenn et al. 2020). The model card
// compares the two.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { encodeSelfies, RDKit, SmilesVocabulary } from '@strata/drug';
import { corpus } from './data.js';

/** Longest sequence in tokens, with <bos> and <eos>; longer ones are left out of training. */
export const MAX_TOKENS = 128;
/** A token seen fewer times in the training SMILES is not in the vocabulary (its molecules do not train). */
const MIN_TOKEN_COUNT = 5;

const dir = fileURLToPath(new URL('../.cache/mol-generator/', import.meta.url));
mkdirSync(dir, { recursive: true });

const { values } = parseArgs({ options: { notation: { type: 'string', default: 'selfies' } } });
if (values.notation !== 'selfies' && values.notation !== 'smiles')
  throw new Error(`--notation is selfies or smiles, not ${values.notation}`);
const notation = values.notation;
const { molecules, dropped } = await corpus();
const rdkit = await RDKit.load();
/** Each corpus molecule as the model reads it (encodeSelfies checks each SELFIES by decoding it back). */
const textOf = new Map(
  molecules.map((m) => [m.smiles, notation === 'smiles' ? m.smiles : encodeSelfies(rdkit, m.smiles)]),
);
const train = molecules.filter((m) => m.split === 'train').map((m) => textOf.get(m.smiles)!);
const vocab = SmilesVocabulary.build(train, { minCount: MIN_TOKEN_COUNT });

/** Rows of MAX_TOKENS int16 ids, <pad> after <eos>; a sequence too long or with an unknown token is skipped. */
function rows(strings: readonly string[]): { ids: Int16Array; kept: number } {
  const ids = new Int16Array(strings.length * MAX_TOKENS);
  let kept = 0;
  for (const s of strings) {
    const seq = vocab.encode(s);
    if (!seq || seq.length > MAX_TOKENS) continue;
    ids.set(seq, kept++ * MAX_TOKENS);
  }
  return { ids: ids.subarray(0, kept * MAX_TOKENS), kept };
}
const write = (name: string, strings: readonly string[]) => {
  const { ids, kept } = rows(strings);
  writeFileSync(`${dir}${name}.i16`, new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength));
  console.log(`${name}: ${kept} of ${strings.length} sequences`);
  return kept;
};
const counts: Record<string, number> = {};
counts.train = write('train', train);
counts.valid = write(
  'valid',
  molecules.filter((m) => m.split === 'valid').map((m) => textOf.get(m.smiles)!),
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
  JSON.stringify(
    { notation: 'selfies', maxTokens: MAX_TOKENS, tokens: vocab.tokens, dropped, counts },
    null,
    1,
  ),
);
console.log(`vocabulary: ${vocab.size} tokens; dropped:`, dropped);
