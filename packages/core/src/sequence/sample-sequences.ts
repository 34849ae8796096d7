// Batched sampling from an autoregressive ONNX model: one run per step for every unfinished sequence of
// a batch, the state of finished ones dropped from the next step's feeds.
import type { ModelSession } from '../backend.js';
import { AbortedError, InvalidArgumentError } from '../errors.js';
import { tensor, type AnyTensor } from '../tensor.js';
import type { SequenceConstraint } from './sequence-constraint.js';
import type { SequenceModelSpec } from './sequence-model.js';
import { chooseToken, uniformStream, type TokenChoice } from './token-choice.js';

/** Options of {@link sampleSequences}. */
export interface SampleOptions extends TokenChoice {
  /** How many sequences. */
  readonly count: number;
  /** The same seed (with the same model and options) gives the same sequences, whatever the batch size. */
  readonly seed: number;
  /** Sequences per run. @defaultValue 64 */
  readonly batchSize?: number;
  /** At most this many tokens a sequence, without the start token. @defaultValue the model's `maxLength` */
  readonly maxLength?: number;
  /** Stops between steps with `ABORTED`. */
  readonly signal?: AbortSignal;
  /**
   * Which tokens may come next (a grammar): the model's probabilities renormalised over them. A
   * sequence left with no allowed token ends there, unfinished (`ended: false`).
   */
  readonly constraint?: SequenceConstraint;
}

/** One sampled sequence. */
export interface SampledSequence {
  /** Its token ids, without the start and end tokens. */
  readonly ids: Int32Array;
  /** Whether it ended with the end token (false: cut at the length limit). */
  readonly ended: boolean;
  /** Sum of the log-probabilities of its tokens (the end token included) under the sampling distribution. */
  readonly logProbability: number;
}

function checkOptions(spec: SequenceModelSpec, o: SampleOptions): void {
  const whole = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min)
      throw new InvalidArgumentError(name, `${name} must be a whole number >= ${min}, got ${v}`, {
        value: v,
      });
  };
  whole('count', o.count, 0);
  whole('seed', o.seed, 0);
  whole('batchSize', o.batchSize ?? 64, 1);
  whole('maxLength', o.maxLength ?? spec.maxLength, 1);
  whole('topK', o.topK ?? 0, 0);
  if (!(o.temperature === undefined || (Number.isFinite(o.temperature) && o.temperature >= 0)))
    throw new InvalidArgumentError('temperature', `temperature must be >= 0, got ${o.temperature}`);
  if (!(o.topP === undefined || (o.topP > 0 && o.topP <= 1)))
    throw new InvalidArgumentError('topP', `topP must be in (0, 1], got ${o.topP}`);
}

/** `o` without its undefined fields, so that spreading it keeps the defaults under them. */
function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The rows `keep` of a float32 state whose batch axis is `axis`. */
function keepRows(state: AnyTensor, axis: number, keep: readonly number[]): AnyTensor {
  const dims = state.dims;
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const batch = dims[axis]!;
  const src = state.data as Float32Array;
  const out = new Float32Array(outer * keep.length * inner);
  for (let o = 0; o < outer; o++)
    for (const [k, row] of keep.entries())
      out.set(
        src.subarray((o * batch + row) * inner, (o * batch + row + 1) * inner),
        (o * keep.length + k) * inner,
      );
  return tensor(
    'float32',
    out,
    dims.map((d, i) => (i === axis ? keep.length : d)),
  );
}

/** Samples one batch: sequences `first` to `first + size - 1` of the run. */
async function sampleBatch(
  session: ModelSession,
  spec: SequenceModelSpec,
  options: SampleOptions,
  first: number,
  size: number,
): Promise<SampledSequence[]> {
  const maxLength = options.maxLength ?? spec.maxLength;
  const forbidden = new Set([...spec.forbidden, spec.bos]);
  const streams = Array.from({ length: size }, (_, k) => uniformStream(options.seed, first + k));
  const tokens = Array.from({ length: size }, () => [] as number[]);
  const logP = new Float64Array(size);
  const ended = new Array<boolean>(size).fill(false);
  const { constraint } = options;
  const grammar = constraint ? Array.from({ length: size }, () => constraint.start()) : [];
  const allowed = new Uint8Array(spec.vocabulary.length);
  let active = Array.from({ length: size }, (_, k) => k);
  let current = active.map(() => spec.bos);
  let states = spec.state.map((s) => {
    const dims = s.dims.map((d) => (d === 'batch' ? size : d));
    return tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims) as AnyTensor;
  });
  const vocab = spec.vocabulary.length;
  // A sequence still going after maxLength tokens is cut there (ended: false).
  for (let step = 0; active.length && step < maxLength; step++) {
    if (options.signal?.aborted) throw new AbortedError('sampling was cancelled');
    const feeds: Record<string, AnyTensor> = {
      [spec.tokenInput]: tensor('int64', BigInt64Array.from(current, BigInt), [active.length]),
    };
    spec.state.forEach((s, i) => (feeds[s.input] = states[i]!));
    const out = await session.run(feeds, options.signal ? { signal: options.signal } : {});
    const logits = out[spec.logitsOutput]!.data as Float32Array;
    const still: number[] = [];
    const next: number[] = [];
    active.forEach((seq, row) => {
      if (constraint) {
        allowed.fill(0);
        constraint.allow(grammar[seq], allowed);
        // A dead end: the sequence stops here, unfinished.
        if (!allowed.some((ok, id) => ok && !forbidden.has(id))) return;
      }
      const pick = chooseToken(
        logits.subarray(row * vocab, (row + 1) * vocab),
        options,
        forbidden,
        streams[seq]!,
        constraint ? allowed : undefined,
      );
      logP[seq]! += pick.logProbability;
      if (pick.id === spec.eos) ended[seq] = true;
      else {
        if (constraint) grammar[seq] = constraint.next(grammar[seq], pick.id);
        tokens[seq]!.push(pick.id);
        still.push(row);
        next.push(pick.id);
      }
    });
    const shrink = still.length < active.length;
    states = spec.state.map((s) =>
      shrink ? keepRows(out[s.output]!, s.dims.indexOf('batch'), still) : out[s.output]!,
    );
    active = still.map((row) => active[row]!);
    current = next;
  }
  return tokens.map((t, k) => ({ ids: Int32Array.from(t), ended: ended[k]!, logProbability: logP[k]! }));
}

/**
 * Samples `count` sequences from an autoregressive model (its contract from `sequenceModelSpec`), in
 * batches of `batchSize`, each sequence from its own seeded stream: the same seed gives the same
 * sequences whatever the batch size. Every step runs the model once for the batch's unfinished
 * sequences; a finished one leaves the batch. Temperature, top-k and top-p not given are the model's own
 * (`preprocessing.sampling`), else temperature 1 over all tokens.
 *
 * @example
 * ```ts
 * const spec = sequenceModelSpec(registry.manifest('mol-generator'));
 * const session = await registry.session('mol-generator');
 * const samples = await sampleSequences(session, spec, { count: 1000, seed: 7, temperature: 1 });
 * ```
 */
export async function sampleSequences(
  session: ModelSession,
  spec: SequenceModelSpec,
  options: SampleOptions,
): Promise<SampledSequence[]> {
  checkOptions(spec, options);
  // The model's own choice fills what the caller left out.
  options = { ...withoutUndefined(spec.sampling ?? {}), ...withoutUndefined(options) } as SampleOptions;
  const batchSize = options.batchSize ?? 64;
  const out: SampledSequence[] = [];
  for (let first = 0; first < options.count; first += batchSize)
    out.push(
      ...(await sampleBatch(session, spec, options, first, Math.min(batchSize, options.count - first))),
    );
  return out;
}
