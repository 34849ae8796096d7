import {
  InvalidArgumentError,
  sizeOf,
  tensor,
  throwIfAborted,
  type ModelSession,
  type TensorMap,
} from '@strata/core';
import { forcingValue, tensorDims, type GridModelSpec } from './grid-model.js';
import { chainKey, planRuns, stepsTo, type RolloutRun } from './hta.js';

/** The model state: one Float32Array per model input, in the layout of its grid-model spec. */
export type GridState = Readonly<Record<string, Float32Array>>;

/** A state of a model's layout whose value at each tensor index is `fill(index)` (zeros by default). */
export function makeState(spec: GridModelSpec, fill?: (index: number) => number): GridState {
  return Object.fromEntries(
    spec.tensors.map((t) => {
      const n = sizeOf(tensorDims(spec, t));
      return [t.input, fill ? Float32Array.from({ length: n }, (_, i) => fill(i)) : new Float32Array(n)];
    }),
  );
}

/** A loaded grid model: its spec and its session. */
export interface GridModel {
  readonly spec: GridModelSpec;
  readonly session: ModelSession;
}

/** Options of {@link rollout}. */
export interface RolloutOptions {
  /** The models available, one per step length; all must share grid and tensors. */
  readonly models: readonly GridModel[];
  /** The initial state. */
  readonly initial: GridState;
  /** Lead times to produce, in hours. */
  readonly leads: readonly number[];
  /** Valid time of the initial state (ms since 1970 UTC); needed by models with forcings. */
  readonly initTime?: number;
  /** Receives each requested lead's state as soon as it exists; resolve once it is stored. */
  readonly emit: (lead: number, state: GridState) => Promise<void>;
  /** Leads an earlier attempt already emitted, and how to read their states back. */
  readonly resume?: { readonly done: readonly number[]; readonly load: (lead: number) => Promise<GridState> };
  /** Reports each model run before it starts. */
  readonly onRun?: (run: RolloutRun, index: number, total: number) => void;
  /** Checked between model runs. */
  readonly signal?: AbortSignal;
}

/**
 * Runs a forecast by hierarchical temporal aggregation and emits the state at every requested lead as
 * soon as it is made. Only the states later leads still build on are kept (a handful, whatever the
 * lead), so memory stays flat in lead time.
 *
 * @example
 * ```ts
 * await rollout({ models, initial, leads: [6, 12, 24, 48], emit: (lead, state) => writer.write(lead, state) });
 * ```
 */
export async function rollout(options: RolloutOptions): Promise<RolloutStats> {
  const { models, initial, signal } = options;
  const byStep = new Map(models.map((m) => [m.spec.stepHours, m]));
  const spec = checkModels(models, initial);
  if (spec.forcings.length && options.initTime === undefined) {
    throw new InvalidArgumentError(
      'initTime',
      `the models take forcings (${spec.forcings.map((f) => f.input).join(', ')}): give the initial time`,
    );
  }
  const steps = [...byStep.keys()];
  const leads = [...new Set(options.leads)].sort((a, b) => a - b);
  const done = new Set(options.resume?.done ?? []);
  const doneChains = new Set(
    [...done].filter((l) => leads.includes(l)).map((l) => chainKey(stepsTo(l, steps))),
  );
  const remaining = leads.filter((l) => !done.has(l));
  const total = planRuns(remaining, steps, doneChains).length;
  const cache = new Map<string, GridState>([['', initial]]);
  let runs = 0;
  let peak = 0;

  const stateOf = async (chain: readonly number[]): Promise<GridState> => {
    const key = chainKey(chain);
    const cached = cache.get(key);
    if (cached) return cached;
    let state: GridState;
    if (doneChains.has(key)) {
      state = await options.resume!.load(chain.reduce((a, b) => a + b, 0));
    } else {
      const parent = await stateOf(chain.slice(0, -1));
      throwIfAborted(signal);
      const stepHours = chain.at(-1)!;
      options.onRun?.({ to: chain, stepHours, lead: chain.reduce((a, b) => a + b, 0) }, runs, total);
      runs++;
      const parentTime = (options.initTime ?? 0) + (chain.reduce((a, b) => a + b, 0) - stepHours) * 3_600_000;
      state = await step(byStep.get(stepHours)!, spec, parent, parentTime, signal);
    }
    cache.set(key, state);
    peak = Math.max(peak, cache.size - 1);
    return state;
  };

  for (let i = 0; i < remaining.length; i++) {
    const lead = remaining[i]!;
    await options.emit(lead, await stateOf(stepsTo(lead, steps)));
    // Keep only what a later lead starts from: the longest cached prefix of its chain.
    const needed = new Set(remaining.slice(i + 1).map((l) => longestCached(stepsTo(l, steps), cache)));
    for (const key of cache.keys()) if (key !== '' && !needed.has(key)) cache.delete(key);
  }
  return { runs, peakStates: peak };
}

/** What a rollout did. */
export interface RolloutStats {
  /** Model runs made. */
  readonly runs: number;
  /** Most states held at once besides the initial one: bounded, whatever the lead. */
  readonly peakStates: number;
}

async function step(
  model: GridModel,
  spec: GridModelSpec,
  state: GridState,
  validTime: number,
  signal: AbortSignal | undefined,
): Promise<GridState> {
  const feeds: TensorMap = {};
  for (const t of spec.tensors) feeds[t.input] = tensor('float32', state[t.input]!, tensorDims(spec, t));
  for (const f of spec.forcings) feeds[f.input] = tensor('float32', forcingValue(f.kind, validTime), [2]);
  const out = await model.session.run(feeds, signal ? { signal } : {});
  const next: Record<string, Float32Array> = {};
  for (const t of spec.tensors) next[t.input] = out[t.output]!.data as Float32Array;
  return next;
}

function checkModels(models: readonly GridModel[], initial: GridState): GridModelSpec {
  const first = models[0];
  if (!first) throw new InvalidArgumentError('models', 'a rollout needs at least one model');
  const layout = (s: GridModelSpec) =>
    JSON.stringify({ grid: s.grid, tensors: s.tensors, forcings: s.forcings });
  const steps = new Set<number>();
  for (const m of models) {
    if (layout(m.spec) !== layout(first.spec)) {
      throw new InvalidArgumentError(
        'models',
        `the ${m.spec.stepHours} h model has another grid or tensor layout than the ${first.spec.stepHours} h model`,
      );
    }
    if (steps.has(m.spec.stepHours))
      throw new InvalidArgumentError('models', `two models step ${m.spec.stepHours} h`);
    steps.add(m.spec.stepHours);
  }
  for (const t of first.spec.tensors) {
    const want = sizeOf(tensorDims(first.spec, t));
    const got = initial[t.input]?.length;
    if (got !== want) {
      throw new InvalidArgumentError(
        'initial',
        `the initial state's "${t.input}" has ${got ?? 'no'} values; the model needs ${want} [${tensorDims(first.spec, t).join(', ')}]`,
      );
    }
  }
  return first.spec;
}

function longestCached(chain: readonly number[], cache: ReadonlyMap<string, GridState>): string {
  for (let k = chain.length; k > 0; k--) {
    const key = chainKey(chain.slice(0, k));
    if (cache.has(key)) return key;
  }
  return '';
}
