import { createOrtBackend } from '@strata/core/node';
import { isStrataError } from '@strata/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advectionModel, miniSpec } from '../testing/advection-model.js';
import { makeState, rollout, type GridModel, type GridState } from './rollout.js';

const spec6 = miniSpec(6);
const W = spec6.grid.longitudes;

/** The initial state: value = tensor index, so every shift is visible. */
const initial: GridState = makeState(spec6, (i) => i);

/** The state after shifting every row east by `cells`. */
function shifted(state: GridState, cells: number): GridState {
  return Object.fromEntries(
    Object.entries(state).map(([k, v]) => [
      k,
      v.map((_, i) => v[i - (i % W) + (((((i % W) - cells) % W) + W) % W)]!),
    ]),
  );
}

describe('rollout by hierarchical temporal aggregation', () => {
  let models: Map<number, GridModel>;
  beforeAll(async () => {
    const backend = createOrtBackend();
    models = new Map();
    for (const step of [1, 3, 6, 24]) {
      const spec = miniSpec(step);
      models.set(step, { spec, session: await backend.createSession({ bytes: advectionModel(spec) }) });
    }
  });
  afterAll(async () => {
    for (const m of models.values()) await m.session.dispose();
  });
  const pick = (...steps: number[]) => steps.map((s) => models.get(s)!);

  it('emits every lead in order with the state its chain of models makes', async () => {
    const emitted: [number, GridState][] = [];
    const runs: string[] = [];
    await rollout({
      models: pick(24, 6),
      initial,
      leads: [48, 6, 12, 24, 30],
      emit: async (lead, state) => void emitted.push([lead, state]),
      onRun: (run, i, total) => runs.push(`${run.lead}/${run.stepHours} ${i + 1}/${total}`),
    });
    expect(emitted.map(([lead]) => lead)).toEqual([6, 12, 24, 30, 48]);
    for (const [lead, state] of emitted) expect(state).toEqual(shifted(initial, lead / 6));
    // 24 h from the start, 30 h from 24 h, 48 h by the 24 h model from its own 24 h state
    expect(runs).toEqual(['6/6 1/5', '12/6 2/5', '24/24 3/5', '30/6 4/5', '48/24 5/5']);
  });

  it('reaches leads with 1 and 3 hour models and gives the same state by any chain where the physics agrees', async () => {
    const byHta: GridState[] = [];
    await rollout({
      models: pick(24, 6, 3, 1),
      initial,
      leads: [31],
      emit: async (_, s) => void byHta.push(s),
    });
    const viaSix: GridState[] = [];
    await rollout({ models: pick(6), initial, leads: [30], emit: async (_, s) => void viaSix.push(s) });
    expect(viaSix[0]).toEqual(shifted(initial, 5));
    // 31 = 24 + 6 + 1: five cells, then one sixth of a cell (a blend)
    const five = shifted(initial, 5);
    const six = shifted(initial, 6);
    for (const k of Object.keys(five)) {
      byHta[0]![k]!.forEach((v, i) => expect(v).toBeCloseTo((five[k]![i]! * 5) / 6 + six[k]![i]! / 6, 3));
    }
  });

  it('holds a bounded number of states however long the rollout', async () => {
    const sixHourly = (days: number) => Array.from({ length: 4 * days }, (_, i) => 6 * (i + 1));
    const tenDays = await rollout({
      models: pick(24, 6),
      initial,
      leads: sixHourly(10),
      emit: async () => {},
    });
    const twentyDays = await rollout({
      models: pick(24, 6),
      initial,
      leads: sixHourly(20),
      emit: async () => {},
    });
    expect([tenDays.runs, twentyDays.runs]).toEqual([40, 80]);
    expect(tenDays.peakStates).toBeLessThanOrEqual(3);
    expect(twentyDays.peakStates).toBe(tenDays.peakStates);
  });

  it('resumes from stored states and gives the same results', async () => {
    const full: [number, GridState][] = [];
    await rollout({
      models: pick(24, 6),
      initial,
      leads: [24, 30, 54],
      emit: async (l, s) => void full.push([l, s]),
    });
    const stored = new Map(full.slice(0, 2));
    const rest: [number, GridState][] = [];
    let runs = 0;
    await rollout({
      models: pick(24, 6),
      initial,
      leads: [24, 30, 54],
      resume: { done: [24, 30], load: async (lead) => stored.get(lead)! },
      emit: async (l, s) => void rest.push([l, s]),
      onRun: () => runs++,
    });
    expect(rest).toEqual(full.slice(2));
    expect(runs).toBe(2); // 48 from the stored 24, then 54
  });

  it('stops between runs when cancelled, and checks its inputs', async () => {
    const ctrl = new AbortController();
    const emitted: number[] = [];
    const run = rollout({
      models: pick(6),
      initial,
      leads: [6, 12, 18],
      signal: ctrl.signal,
      emit: async (lead) => {
        emitted.push(lead);
        ctrl.abort();
      },
    });
    await expect(run).rejects.toSatisfy((e) => isStrataError(e, 'ABORTED'));
    expect(emitted).toEqual([6]);
    await expect(
      rollout({ models: pick(6), initial: { input: new Float32Array(3) }, leads: [6], emit: async () => {} }),
    ).rejects.toThrow(/the initial state's "input" has 3 values; the model needs 160 \[2, 2, 5, 8\]/);
  });
});
