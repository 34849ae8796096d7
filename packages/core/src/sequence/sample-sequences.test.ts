import { describe, expect, it } from 'vitest';
import { isStrataError } from '../errors.js';
import { createOrtBackend } from '../onnx/ort-backend.js';
import { GraphBuilder } from '../onnx-proto/graph-builder.js';
import { tensor } from '../tensor.js';
import { sampleSequences } from './sample-sequences.js';
import type { SequenceConstraint } from './sequence-constraint.js';
import { sequenceModelSpec, type SequenceModelSpec } from './sequence-model.js';

// A real ONNX sequence model built in code. Tokens: 0 <pad>, 1 <bos>, 2 <eos>, 3 a, 4 b. Its state is a
// running sum of logit offsets (shape [batch, 5]): every token read adds 1.5 to the end token's logit,
// so sequences end after a few tokens; a and b are equally likely, the forbidden pad and bos likelier
// than anything (they must never be drawn).
const V = 5;
const NEG = -30;
function countingModel(): Uint8Array {
  const g = new GraphBuilder('counting');
  const token = g.input('token', 'int64', ['batch']);
  const h = g.input('h', 'float32', ['batch', V]);
  const emit = g.initializer(
    'emit',
    tensor(
      'float32',
      [
        ...[8, 8, NEG, 0, 0],
        ...[8, 8, -4, 0, 0],
        ...[8, 8, NEG, 0, 0],
        ...[8, 8, -4, 0, 0],
        ...[8, 8, -4, 0, 0],
      ],
      [V, V],
    ),
  );
  const step = g.initializer(
    'step',
    tensor(
      'float32',
      Array.from({ length: V * V }, (_, k) => (k % V === 2 ? 1.5 : 0)),
      [V, V],
    ),
  );
  const next = g.node('Add', [h, g.node('Gather', [step, token], { axis: 0 })], {}, 'h_out');
  g.output(next, 'float32', ['batch', V]);
  g.output(g.node('Add', [next, g.node('Gather', [emit, token], { axis: 0 })], {}, 'logits'), 'float32', [
    'batch',
    V,
  ]);
  return g.toModel().model;
}

const manifest = {
  id: 'counting',
  preprocessing: {
    kind: 'autoregressive',
    vocabulary: ['<pad>', '<bos>', '<eos>', 'a', 'b'],
    bos: 1,
    eos: 2,
    forbidden: [0],
    tokenInput: 'token',
    logitsOutput: 'logits',
    state: [{ input: 'h', output: 'h_out', dims: ['batch', V] }],
    maxLength: 40,
  },
};
const spec: SequenceModelSpec = sequenceModelSpec(manifest);
const session = await createOrtBackend().createSession({ bytes: countingModel() });
const text = (ids: Int32Array) => [...ids].map((i) => spec.vocabulary[i]).join('');

describe('sampling sequences from an ONNX model', () => {
  it('gives the same sequences for the same seed, whatever the batch size, and others for another seed', async () => {
    const a = await sampleSequences(session, spec, { count: 50, seed: 7, batchSize: 64 });
    const b = await sampleSequences(session, spec, { count: 50, seed: 7, batchSize: 3 });
    const c = await sampleSequences(session, spec, { count: 50, seed: 8 });
    expect(a.map((s) => text(s.ids))).toEqual(b.map((s) => text(s.ids)));
    expect(a.map((s) => s.logProbability)).toEqual(b.map((s) => s.logProbability));
    expect(c.map((s) => text(s.ids))).not.toEqual(a.map((s) => text(s.ids)));
  });

  it('draws from the model: a and b alike, never the forbidden or start tokens, ended by the end token', async () => {
    const samples = await sampleSequences(session, spec, { count: 2000, seed: 1 });
    const tokens = samples.flatMap((s) => [...s.ids]);
    expect(tokens.every((t) => t === 3 || t === 4)).toBe(true);
    const a = tokens.filter((t) => t === 3).length / tokens.length;
    expect(a).toBeGreaterThan(0.46);
    expect(a).toBeLessThan(0.54);
    expect(samples.every((s) => s.ended)).toBe(true);
    // The end token's logit climbs 1.5 a token from -4 (after the first token): most end within 8.
    const mean = samples.reduce((n, s) => n + s.ids.length, 0) / samples.length;
    expect(mean).toBeGreaterThan(2);
    expect(mean).toBeLessThan(8);
    expect(samples.every((s) => s.logProbability < 0)).toBe(true);
  });

  it('cuts a sequence at maxLength, saying it did not end', async () => {
    const samples = await sampleSequences(session, spec, { count: 200, seed: 2, maxLength: 2 });
    expect(samples.every((s) => s.ids.length <= 2)).toBe(true);
    const cut = samples.filter((s) => !s.ended);
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((s) => s.ids.length === 2)).toBe(true);
  });

  it('takes the likeliest token at temperature 0 and with top-k 1; top-p keeps the likeliest mass', async () => {
    const greedy = await sampleSequences(session, spec, { count: 3, seed: 3, temperature: 0 });
    // a and b tie: the lower id wins; the end token's logit (1.5 a token read, -4) passes theirs after 2 tokens.
    expect(greedy.map((s) => text(s.ids))).toEqual(['aa', 'aa', 'aa']);
    const topK = await sampleSequences(session, spec, { count: 3, seed: 3, topK: 1 });
    expect(topK.map((s) => text(s.ids))).toEqual(['aa', 'aa', 'aa']);
    // After <bos> a and b hold nearly all the mass, half each: top-p 0.4 keeps the first of them (ties by id).
    const nucleus = await sampleSequences(session, spec, { count: 100, seed: 4, topP: 0.4, maxLength: 1 });
    expect(new Set(nucleus.map((s) => text(s.ids)))).toEqual(new Set(['a']));
    // The model's own sampling applies where the caller says nothing, and the caller's overrides it.
    const own = sequenceModelSpec({
      id: 'm',
      preprocessing: { ...manifest.preprocessing, sampling: { topP: 0.4 } },
    });
    const first = async (options: { topP?: number }) =>
      new Set(
        (await sampleSequences(session, own, { count: 100, seed: 4, maxLength: 1, ...options })).map((s) =>
          text(s.ids),
        ),
      );
    expect(await first({})).toEqual(new Set(['a']));
    expect(await first({ topP: 1 })).toEqual(new Set(['a', 'b']));
  });

  it('draws only what a constraint allows, renormalised, and ends a sequence the constraint leaves nowhere to go', async () => {
    // Alternate a and b, starting with a; the end only after b; nothing after 'abab' but the end.
    const alternate: SequenceConstraint<string> = {
      start: () => '',
      allow: (s, allowed) => {
        if (s.length === 4) allowed[2] = 1;
        else allowed[s.endsWith('a') ? 4 : 3] = 1;
        if (s.endsWith('b')) allowed[2] = 1;
      },
      next: (s, token) => s + spec.vocabulary[token],
    };
    const samples = await sampleSequences(session, spec, { count: 500, seed: 5, constraint: alternate });
    const texts = samples.map((s) => text(s.ids));
    expect(new Set(texts)).toEqual(new Set(['ab', 'abab']));
    expect(samples.every((s) => s.ended)).toBe(true);
    // Every step is certain but the one after 'ab' (a or the end): the two sequences' probabilities,
    // renormalised over the allowed tokens, add up to 1.
    const p = (t: string) => Math.exp(samples.find((s) => text(s.ids) === t)!.logProbability);
    expect(p('ab') + p('abab')).toBeCloseTo(1, 12);
    // A constraint allowing nothing after 'a' (and forbidding the end) leaves sequences unfinished.
    const stuck: SequenceConstraint<number> = {
      start: () => 0,
      allow: (n, allowed) => void (n === 0 && (allowed[3] = 1)),
      next: (n) => n + 1,
    };
    const cut = await sampleSequences(session, spec, { count: 20, seed: 6, constraint: stuck });
    expect(cut.every((s) => !s.ended && text(s.ids) === 'a')).toBe(true);
  });

  it('refuses options that make no sense, naming them, and stops when cancelled', async () => {
    const refused = async (o: object) => {
      try {
        await sampleSequences(session, spec, { count: 1, seed: 1, ...o });
      } catch (err) {
        return isStrataError(err, 'INVALID_ARGUMENT') ? (err.context as { argument: string }).argument : err;
      }
      return 'accepted';
    };
    expect(await refused({ count: -1 })).toBe('count');
    expect(await refused({ seed: 1.5 })).toBe('seed');
    expect(await refused({ temperature: -1 })).toBe('temperature');
    expect(await refused({ topP: 0 })).toBe('topP');
    expect(await refused({ batchSize: 0 })).toBe('batchSize');
    const controller = new AbortController();
    controller.abort();
    await expect(
      sampleSequences(session, spec, { count: 5, seed: 1, signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'ABORTED',
    });
  });
});

describe('a sequence model manifest', () => {
  it('names the model and the field it cannot use', () => {
    expect(() =>
      sequenceModelSpec({ id: 'm', preprocessing: { ...manifest.preprocessing, sampling: { topP: 0 } } }),
    ).toThrow(/sampling/);
    const bad = (patch: object) => () =>
      sequenceModelSpec({ id: 'm', preprocessing: { ...manifest.preprocessing, ...patch } });
    expect(bad({ kind: 'windowed' })).toThrow(
      /model "m" is not an autoregressive sequence model: preprocessing.kind/,
    );
    expect(bad({ eos: 9 })).toThrow(/preprocessing.eos is token 9, outside its 5-token vocabulary/);
    expect(bad({ state: [{ input: 'h', output: 'h_out', dims: [] }] })).toThrow(/preprocessing.state.0.dims/);
  });
});
