// Per-step overhead of a full-size Pangu-contract rollout (reading the initial state, building tensors,
// writing outputs), beside the bare session.run of the same generated model.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelSession, TensorMap } from '@strata/core';
import { createOrtBackend } from '@strata/core/node';
import { initialState, panguSpec, rollout, tensorDims } from '@strata/weather';
import { ForecastFile, openGridFile } from '@strata/weather/node';
import { panguContractModel } from '@strata/weather/testing';

const STEPS = 4;

export async function panguStepOverhead(): Promise<Record<string, string | number>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-pangu-'));
  const spec = panguSpec(6);
  const initTime = Date.UTC(2019, 2, 1);
  // A full-size analysis file to start from (column-index fields, as in the contract test).
  const analysis = join(dir, 'analysis.nc');
  const seed = Object.fromEntries(
    spec.tensors.map((t) => {
      const n = tensorDims(spec, t).reduce((a, b) => a * b, 1);
      return [t.input, Float32Array.from({ length: n }, (_, i) => i % 1440)];
    }),
  );
  const file = await ForecastFile.create(analysis, { spec, initTime, deflate: 0 });
  file.write(0, seed);
  file.close();

  const session = await createOrtBackend().createSession(
    { bytes: panguContractModel(6) },
    { intraOpThreads: 2 },
  );
  let runMs = 0;
  const timed: ModelSession = {
    ...session,
    inputs: session.inputs,
    outputs: session.outputs,
    executionProviders: session.executionProviders,
    disposed: false,
    run: async (feeds: TensorMap) => {
      const s = performance.now();
      const out = await session.run(feeds);
      runMs += performance.now() - s;
      return out;
    },
  };
  // Baseline: the bare run, same feeds, nothing around it.
  const feeds: TensorMap = Object.fromEntries(
    spec.tensors.map((t) => [t.input, { dtype: 'float32', dims: tensorDims(spec, t), data: seed[t.input]! }]),
  ) as TensorMap;
  await session.run(feeds);
  const bare: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const s = performance.now();
    await session.run(feeds);
    bare.push(performance.now() - s);
  }
  const started = performance.now();
  const source = await openGridFile(analysis);
  const initial = await initialState(source, spec, new Date(initTime));
  source.close();
  const readMs = performance.now() - started;
  const out = await ForecastFile.create(join(dir, 'forecast.nc'), { spec, initTime, deflate: 0 });
  await rollout({
    models: [{ spec, session: timed }],
    initial,
    initTime,
    leads: Array.from({ length: STEPS }, (_, i) => 6 * (i + 1)),
    emit: async (lead, state) => out.write(lead, state),
  });
  out.close();
  const totalMs = performance.now() - started;
  await session.dispose();
  rmSync(dir, { recursive: true, force: true });
  const bareMs = bare.reduce((a, b) => a + b, 0) / STEPS;
  const overheadMs = (totalMs - runMs) / STEPS;
  return [
    { part: 'bare session.run (baseline)', 'ms per step': bareMs, 'vs bare run': 1 },
    {
      part: 'session.run inside the rollout',
      'ms per step': runMs / STEPS,
      'vs bare run': runMs / STEPS / bareMs,
    },
    {
      part: 'overhead: read initial state (once, per step share)',
      'ms per step': readMs / STEPS,
      'vs bare run': readMs / STEPS / bareMs,
    },
    {
      part: 'overhead: everything but run (read, tensors, write)',
      'ms per step': overheadMs,
      'vs bare run': overheadMs / bareMs,
    },
    {
      part: 'overhead vs one Pangu GPU step (1400 ms)',
      'ms per step': overheadMs,
      'vs bare run': overheadMs / 1400,
    },
  ];
}
