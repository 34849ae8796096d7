// Per-step overhead of a full-size Pangu-contract rollout (reading the initial state, building tensors,
// writing outputs), beside the bare session.run of the same generated model.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelSession, TensorMap } from '@strata/core';
import { createOrtBackend } from '@strata/core/node';
import {
  initialState,
  makeState,
  panguSpec,
  rollout,
  tensorDims,
  type GridModelSpec,
  type GridState,
} from '@strata/weather';
import { ForecastFile, openGridFile } from '@strata/weather/node';
import { panguContractModel } from '@strata/weather/testing';

const STEPS = 4;
const INIT = Date.UTC(2019, 2, 1);

/** Times `session.run` inside the rollout, so the rest can be told apart. */
function timed(session: ModelSession): { session: ModelSession; ms: () => number } {
  let ms = 0;
  const wrapped: ModelSession = {
    inputs: session.inputs,
    outputs: session.outputs,
    executionProviders: session.executionProviders,
    disposed: false,
    dispose: () => session.dispose(),
    run: async (feeds: TensorMap) => {
      const s = performance.now();
      const out = await session.run(feeds);
      ms += performance.now() - s;
      return out;
    },
  };
  return { session: wrapped, ms: () => ms };
}

async function oneRollout(
  spec: GridModelSpec,
  session: ModelSession,
  analysis: string,
  out: string,
): Promise<{ totalMs: number; runMs: number; readMs: number }> {
  const t = timed(session);
  const started = performance.now();
  const source = await openGridFile(analysis);
  const initial = await initialState(source, spec, new Date(INIT));
  source.close();
  const readMs = performance.now() - started;
  const leads = Array.from({ length: STEPS }, (_, i) => 6 * (i + 1));
  const models = [{ spec, session: t.session }];
  const file = await ForecastFile.create(out, { spec, initTime: INIT, deflate: 0 });
  await rollout({
    models,
    initial,
    initTime: INIT,
    leads,
    emit: async (lead, state) => file.write(lead, state),
  });
  file.close();
  return { totalMs: performance.now() - started, runMs: t.ms(), readMs };
}

/** Writes a state's bytes to a new file with plain fs calls: the floor under writing one lead. */
function rawWriteMs(state: GridState, path: string): number {
  const s = performance.now();
  const fd = openSync(path, 'w');
  for (const a of Object.values(state)) writeSync(fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  closeSync(fd);
  return performance.now() - s;
}

export async function panguStepOverhead(): Promise<Record<string, string | number>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-pangu-'));
  const spec = panguSpec(6);
  const analysis = join(dir, 'analysis.nc');
  const seed = makeState(spec, (i) => i % 1440);
  const file = await ForecastFile.create(analysis, { spec, initTime: INIT, deflate: 0 });
  file.write(0, seed);
  file.close();
  // One intra-op thread, as the rollout job runs by default: the other core is free for writing.
  const session = await createOrtBackend().createSession(
    { bytes: panguContractModel(6) },
    { intraOpThreads: 1 },
  );
  const feeds = Object.fromEntries(
    spec.tensors.map((t) => [t.input, { dtype: 'float32', dims: tensorDims(spec, t), data: seed[t.input]! }]),
  ) as TensorMap;
  await session.run(feeds);
  let bareMs = 0;
  for (let i = 0; i < STEPS; i++) {
    const s = performance.now();
    await session.run(feeds);
    bareMs += (performance.now() - s) / STEPS;
  }
  const rows: Record<string, string | number>[] = [
    {
      variant: 'bare session.run (baseline)',
      'run ms/step': bareMs,
      'overhead ms/step': 0,
      'overhead vs bare run': 0,
      'overhead vs GPU step (1400 ms)': 0,
    },
  ];
  {
    const r = await oneRollout(spec, session, analysis, join(dir, 'forecast.nc'));
    const overhead = (r.totalMs - r.runMs) / STEPS;
    rows.push({
      variant: 'rollout: read, tensors, write to NetCDF (as the rollout job does)',
      'run ms/step': r.runMs / STEPS,
      'overhead ms/step': overhead,
      'overhead vs bare run': overhead / bareMs,
      'overhead vs GPU step (1400 ms)': overhead / 1400,
    });
  }
  // Every step of the rollout writes one lead: a new file per step, as the forecast grows by a lead.
  let rawMs = 0;
  for (let i = 0; i < STEPS; i++) rawMs += rawWriteMs(seed, join(dir, `raw-${i}.bin`)) / STEPS;
  rows.push({
    variant: 'raw fs write of one lead to a new file (the floor of any writer)',
    'run ms/step': 0,
    'overhead ms/step': rawMs,
    'overhead vs bare run': rawMs / bareMs,
    'overhead vs GPU step (1400 ms)': rawMs / 1400,
  });
  await session.dispose();
  rmSync(dir, { recursive: true, force: true });
  return rows;
}
