import { beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder, tensor, type ModelSession } from '@strata/core';
import { createOrtBackend } from '@strata/core/node';
import { RDKit } from '../rdkit/rdkit.js';
import { MoleculeGenerator } from './generate-molecules.js';
import { decodeSelfies } from './selfies-decode.js';
import { SmilesVocabulary } from './smiles-vocabulary.js';

// A real ONNX SMILES model built in code whose state is a one-hot position: the position moves one step
// a run, and each position has its own logits. At each position it writes phenol's next token, except
// that at the first ring closure it hesitates between '1' (phenol) and '(' (no molecule).
const vocab = SmilesVocabulary.build(['c1ccccc1O', 'C(']);
const phenol = vocab.encode('c1ccccc1O')!; // <bos> c 1 c c c c c 1 O <eos>
const L = phenol.length;
const V = vocab.size;

function positionModel(): Uint8Array {
  const emit = new Float32Array(L * V).fill(-30);
  // Row p holds the logits of the token after p steps: phenol's token p + 1.
  for (let p = 0; p < L - 1; p++) emit[p * V + phenol[p + 1]!] = 0;
  emit[1 * V + vocab.tokens.indexOf('(')] = 0; // after "c": "1" or "(", alike
  const shift = new Float32Array(L * L);
  for (let p = 0; p < L - 1; p++) shift[p * L + p + 1] = 1;
  const g = new GraphBuilder('position');
  g.input('token', 'int64', ['batch']);
  const h = g.input('h', 'float32', ['batch', L]);
  // The state starts as zeros, which means position 0: used = h + start * (1 - sum(h)).
  const start = g.initializer(
    'start',
    tensor(
      'float32',
      Array.from({ length: L }, (_, p) => (p === 0 ? 1 : 0)),
      [L],
    ),
  );
  const sum = g.node('MatMul', [
    h,
    g.initializer('ones', tensor('float32', new Float32Array(L * L).fill(1), [L, L])),
  ]);
  const used = g.node('Add', [h, g.node('Sub', [start, g.node('Mul', [start, sum])])]);
  const pos = g.node('MatMul', [used, g.initializer('shift', tensor('float32', shift, [L, L]))], {}, 'h_out');
  g.output(pos, 'float32', ['batch', L]);
  g.output(
    g.node('MatMul', [used, g.initializer('emit', tensor('float32', emit, [L, V]))], {}, 'logits'),
    'float32',
    ['batch', V],
  );
  return g.toModel().model;
}

const manifest = {
  id: 'position',
  preprocessing: {
    kind: 'autoregressive',
    vocabulary: [...vocab.tokens],
    bos: 1,
    eos: 2,
    forbidden: [0],
    tokenInput: 'token',
    logitsOutput: 'logits',
    state: [{ input: 'h', output: 'h_out', dims: ['batch', L] }],
    maxLength: 20,
  },
};

let rdkit: RDKit;
let session: ModelSession;
beforeAll(async () => {
  rdkit = await RDKit.load();
  session = await createOrtBackend().createSession({ bytes: positionModel() });
});

describe('a SMILES generator', () => {
  it('decodes samples to SMILES and reads them with RDKit: molecules canonical, the rest null', async () => {
    const generator = new MoleculeGenerator(manifest, session, rdkit);
    // The model alone (no grammar), as MOSES measures a CharRNN.
    const samples = await generator.sample({ count: 200, seed: 3, grammar: false });
    const kinds = new Set(samples.map((s) => `${s.smiles} -> ${s.canonical}`));
    expect(kinds).toContain('c1ccccc1O -> Oc1ccccc1');
    // "(" in place of the first "1": "c(ccccc1O" has an open branch and an unmatched ring: no molecule.
    expect([...kinds].filter((k) => !k.startsWith('c1ccccc1O'))).toEqual(['c(ccccc1O -> null']);
    const valid = samples.filter((s) => s.canonical !== null).length / samples.length;
    expect(valid).toBeGreaterThan(0.4);
    expect(valid).toBeLessThan(0.6);
  });

  it('samples under the SMILES grammar by default: where the model strays, only what a molecule can be', async () => {
    const generator = new MoleculeGenerator(manifest, session, rdkit);
    const free = await generator.sample({ count: 200, seed: 3, grammar: false });
    const constrained = await generator.sample({ count: 200, seed: 3 });
    // The grammar allows every token of phenol: those samples are drawn alike, from the same streams.
    const phenol = free.flatMap((s, i) => (s.smiles === 'c1ccccc1O' ? [i] : []));
    expect(phenol.length).toBeGreaterThan(60);
    for (const i of phenol) expect(constrained[i]!.smiles).toBe('c1ccccc1O');
    // Where the model wrote "(" and went on as phenol, the grammar refused the end with a branch and a
    // ring open: the sample went on elsewhere (its other tokens alike unlikely), never to "c(ccccc1O".
    expect(constrained.some((s) => s.smiles === 'c(ccccc1O')).toBe(false);
    const valid = (samples: typeof free) => samples.filter((s) => s.canonical !== null).length;
    expect(valid(constrained)).toBeGreaterThanOrEqual(valid(free));
  });

  it('calls a sample cut at the length limit no molecule, even when its prefix would be one', async () => {
    const generator = new MoleculeGenerator(manifest, session, rdkit);
    const cut = await generator.sample({ count: 20, seed: 3, maxLength: 8, temperature: 0 });
    expect(cut.map((s) => [s.smiles, s.canonical])).toContainEqual(['c1ccccc1', null]);
  });
});

describe('a SELFIES generator', () => {
  // The same network with its tokens read as SELFIES symbols: "c 1 c c c c c 1 O" spells
  // [C][Ring1][C][C][C][C][C][Ring1][O], and "(" in place of the first "1" spells [Branch1].
  const symbol: Record<string, string> = { c: '[C]', '1': '[Ring1]', O: '[O]', '(': '[Branch1]' };
  const selfies = {
    ...manifest,
    preprocessing: {
      ...manifest.preprocessing,
      notation: 'selfies',
      vocabulary: vocab.tokens.map((t) => symbol[t] ?? t),
    },
  };

  it('decodes each sample from SELFIES, so every one is a molecule', async () => {
    const samples = await new MoleculeGenerator(selfies, session, rdkit).sample({ count: 100, seed: 3 });
    const asSmiles = await new MoleculeGenerator(manifest, session, rdkit).sample({
      count: 100,
      seed: 3,
      grammar: false,
    });
    expect(samples.every((s) => s.canonical !== null)).toBe(true);
    // Both readings draw the same token sequences; only what they spell differs.
    const spelled = (smiles: string) => decodeSelfies([...smiles].map((t) => symbol[t]).join(''));
    expect(samples.map((s) => s.smiles)).toEqual(asSmiles.map((s) => spelled(s.smiles)));
    expect(new Set(samples.map((s) => s.canonical)).size).toBe(2);
  });

  it('refuses a notation it cannot read, naming the manifest field', () => {
    const klingon = { ...manifest, preprocessing: { ...manifest.preprocessing, notation: 'inchi' } };
    expect(() => new MoleculeGenerator(klingon, session, rdkit)).toThrow(/"inchi".*smiles or selfies/);
  });
});
