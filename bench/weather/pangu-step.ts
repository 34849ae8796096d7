// Per-step overhead of a full-size Pangu-contract rollout (reading the initial state, building tensors,
// writing outputs): its wall time per step less the bare session.run of the same model, beside a raw
// write of the bytes each step stores.
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
import { ForecastFile, ForecastWriter, openGridFile } from '@strata/weather/node';
import { panguContractModel } from '@strata/weather/testing';

/** Steps of each rollout: the model on CPU is slow; the GPU stand-in makes a 10-step (10-day at 24 h) rollout. */
const CPU_STEPS = 4;
const GPU_STEPS = 10;
const INIT = Date.UTC(2019, 2, 1);
/** One Pangu-Weather step on a GPU, the time the overhead is measured against. */
const GPU_STEP_MS = 1400;

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

/**
 * A stand-in for the Pangu model on a GPU, for machines without one: like a CUDA run, it holds the
 * calling thread for a GPU step without using a core, then hands back new output buffers (the
 * device-to-host copy); its outputs are its inputs.
 */
function gpuStandIn(spec: GridModelSpec): ModelSession {
  const gate = new Int32Array(new SharedArrayBuffer(4));
  const io = spec.tensors.map((t) => ({
    name: t.input,
    dtype: 'float32' as const,
    dims: tensorDims(spec, t),
  }));
  return {
    inputs: io,
    outputs: spec.tensors.map((t, i) => ({ ...io[i]!, name: t.output })),
    executionProviders: ['cuda'],
    disposed: false,
    dispose: async () => undefined,
    run: async (feeds: TensorMap) => {
      Atomics.wait(gate, 0, 0, GPU_STEP_MS);
      const out: TensorMap = {};
      for (const t of spec.tensors) {
        const data = (feeds[t.input]!.data as Float32Array).slice();
        out[t.output] = { dtype: 'float32', dims: tensorDims(spec, t), data };
      }
      return out;
    },
  };
}

async function oneRollout(
  spec: GridModelSpec,
  session: ModelSession,
  analysis: string,
  out: string,
  thread: boolean,
  steps: number,
): Promise<{ totalMs: number; runMs: number }> {
  const t = timed(session);
  const started = performance.now();
  // As the job does: the writer starts while the initial state is read.
  const opening = ForecastWriter.create(out, { spec, initTime: INIT, deflate: 0 }, { thread });
  const source = await openGridFile(analysis);
  const initial = await initialState(source, spec, new Date(INIT));
  source.close();
  const leads = Array.from({ length: steps }, (_, i) => 6 * (i + 1));
  const file = await opening;
  let written: Promise<void> = Promise.resolve();
  await rollout({
    models: [{ spec, session: t.session }],
    initial,
    initTime: INIT,
    leads,
    emit: async (lead, state) => {
      await written;
      written = (await file.write(lead, state)).written;
    },
  });
  await file.close();
  return { totalMs: performance.now() - started, runMs: t.ms() };
}

/** Writes a state's bytes to a new file with plain fs calls: the floor under writing one lead. */
function rawWriteMs(state: GridState, path: string): number {
  const s = performance.now();
  const fd = openSync(path, 'w');
  for (const a of Object.values(state)) writeSync(fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  closeSync(fd);
  return performance.now() - s;
}

async function bareRunMs(
  session: ModelSession,
  spec: GridModelSpec,
  seed: GridState,
  steps: number,
): Promise<number> {
  const feeds = Object.fromEntries(
    spec.tensors.map((t) => [t.input, { dtype: 'float32', dims: tensorDims(spec, t), data: seed[t.input]! }]),
  ) as TensorMap;
  await session.run(feeds);
  let ms = 0;
  for (let i = 0; i < steps; i++) {
    const s = performance.now();
    await session.run(feeds);
    ms += (performance.now() - s) / steps;
  }
  return ms;
}

export async function panguStepOverhead(): Promise<Record<string, string | number>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-pangu-'));
  const spec = panguSpec(6);
  const analysis = join(dir, 'analysis.nc');
  const seed = makeState(spec, (i) => i % 1440);
  const file = await ForecastFile.create(analysis, { spec, initTime: INIT, deflate: 0 });
  file.write(0, seed);
  file.close();
  const row = (variant: string, steps: number, runMs: number, overheadMs: number, bareMs: number) => ({
    variant,
    steps,
    'run ms/step (in rollout)': runMs,
    'overhead ms/step': overheadMs,
    'overhead vs bare run': overheadMs / bareMs,
    [`overhead vs GPU step (${GPU_STEP_MS} ms)`]: overheadMs / GPU_STEP_MS,
  });
  const rows: Record<string, string | number>[] = [];
  // One intra-op thread, as the rollout job runs by default.
  const cpu = await createOrtBackend().createSession({ bytes: panguContractModel(6) }, { intraOpThreads: 1 });
  for (const [name, session, steps] of [
    ['generated model on 1 CPU thread', cpu, CPU_STEPS],
    [`GPU stand-in (thread held ${GPU_STEP_MS} ms)`, gpuStandIn(spec), GPU_STEPS],
  ] as const) {
    const bareMs = await bareRunMs(session, spec, seed, 3);
    rows.push(row(`${name}: bare session.run (baseline)`, 3, bareMs, 0, bareMs));
    for (const thread of [false, true]) {
      const r = await oneRollout(spec, session, analysis, join(dir, 'forecast.nc'), thread, steps);
      const how = thread ? 'written on a thread' : 'written in line';
      // What the user waits beyond the bare runs: a writer that slows the runs down counts too.
      const [run, overhead] = [r.runMs / steps, r.totalMs / steps - bareMs];
      rows.push(row(`${name}: rollout, leads ${how}`, steps, run, overhead, bareMs));
    }
  }
  await cpu.dispose();
  // Every step of the rollout writes one lead: a new file per step, as the forecast grows by a lead.
  let rawMs = 0;
  for (let i = 0; i < CPU_STEPS; i++) rawMs += rawWriteMs(seed, join(dir, `raw-${i}.bin`)) / CPU_STEPS;
  rows.push(
    row('raw fs write of one lead to a new file (the floor of a writer in line)', CPU_STEPS, 0, rawMs, rawMs),
  );
  rmSync(dir, { recursive: true, force: true });
  return rows;
}
