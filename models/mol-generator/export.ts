// Step 1 of training the generator: the corpus (data.ts), each molecule as SMILES (or, with --notation
// selfies, as SELFIES written by @strata/drug's encodeSelfies), their vocabulary, and the
// training sequences as token ids made by @strata/drug's SmilesVocabulary (one token per bracketed
// symbol), written for the trainer to models/.cache/mol-generator/ (not committed).
//   cd models && node --import tsx mol-generator/export.ts [--notation selfies] [--randomised N]
// SMILES by default, sampled under @strata/drug's SmilesGrammar: a model trained on 10,000 molecules
// forgets rings and miscounts valences, which the grammar refuses as they are written, where SELFIES turn
// the same mistakes into other molecules that fail the filters. The model card compares them.
// --randomised N (20 by default; 0: the canonical spelling alone) writes N spellings of each training
// molecule in random atom order (random-smiles.ts, or encodeSelfies' random walk; train.i16 holds N
// blocks and the trainer reads block k mod N in epoch k, so every epoch sees each molecule once, spelled
// anew), and the validation molecules in one random spelling: the vocabulary is the canonical spellings'.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '@strata/core';
import { encodeSelfies, RDKit, SmilesVocabulary } from '@strata/drug';
import { corpus } from './data.js';
import { randomSmiles } from './random-smiles.js';

/** Longest sequence in tokens, with <bos> and <eos>; longer ones are left out of training. */
export const MAX_TOKENS = 128;
/** A token seen fewer times in the training SMILES is not in the vocabulary (its molecules do not train). */
const MIN_TOKEN_COUNT = 5;
/** Seed of the random spellings (--randomised). */
const SPELLING_SEED = 2019;

const dir = fileURLToPath(new URL('../.cache/mol-generator/', import.meta.url));
mkdirSync(dir, { recursive: true });

const { values } = parseArgs({
  options: { notation: { type: 'string', default: 'smiles' }, randomised: { type: 'string', default: '20' } },
});
if (values.notation !== 'selfies' && values.notation !== 'smiles')
  throw new Error(`--notation is selfies or smiles, not ${values.notation}`);
const notation = values.notation;
const spellings = Number(values.randomised);
if (!Number.isInteger(spellings) || spellings < 0)
  throw new Error('--randomised takes a whole number of spellings');
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
const fits = (s: string) => (vocab.encode(s)?.length ?? Infinity) <= MAX_TOKENS;
const random = mulberry32(SPELLING_SEED);
let fellBack = 0;
/** A molecule's spelling: canonical, or with --randomised a random one (canonical where that does not fit). */
const spell = (smiles: string) => {
  const canonical = textOf.get(smiles)!;
  if (spellings === 0) return canonical;
  const s =
    notation === 'smiles' ? randomSmiles(rdkit, smiles, random) : encodeSelfies(rdkit, smiles, { random });
  if (fits(s)) return s;
  fellBack++;
  return canonical;
};
const counts: Record<string, number> = {};
if (spellings === 0) counts.train = write('train', train);
else {
  // The molecules whose canonical spelling trains, in the same rows of every block.
  const kept = molecules.filter((m) => m.split === 'train' && fits(textOf.get(m.smiles)!));
  const blocks = Array.from({ length: spellings }, () => rows(kept.map((m) => spell(m.smiles))).ids);
  const all = new Int16Array(blocks.reduce((n, b) => n + b.length, 0));
  blocks.forEach((b, k) => all.set(b, k * b.length));
  writeFileSync(`${dir}train.i16`, new Uint8Array(all.buffer));
  counts.train = kept.length;
  console.log(
    `train: ${kept.length} molecules in ${spellings} spellings; ${fellBack} fell back to the canonical one`,
  );
}
counts.valid = write(
  'valid',
  molecules.filter((m) => m.split === 'valid').map((m) => spell(m.smiles)),
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
    { notation, spellings, maxTokens: MAX_TOKENS, tokens: vocab.tokens, dropped, counts },
    null,
    1,
  ),
);
console.log(`vocabulary: ${vocab.size} tokens; dropped:`, dropped);
