import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isStrataError } from '../errors.js';
import { tensor, type AnyTensor } from '../tensor.js';
import { captureLogger } from '../testing/capture-logger.js';
import { dtypesModel, mlpModel } from '../testing/fixture-models.js';
import { goldenCases } from '../testing/golden.js';
import { createOrtBackend } from './ort-backend.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
const golden = goldenCases();

async function expectCode(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isStrataError(err, code), `expected ${code}, got ${String(err)}`).toBe(true);
  if (message) expect((err as Error).message).toMatch(message);
}

describe('ONNX Runtime backend', () => {
  it.each(['mlp.onnx', 'conv.onnx'])('reproduces the golden outputs of %s', async (file) => {
    const session = await createOrtBackend().createSession({ path: fixture(file) });
    try {
      const g = golden[file]!;
      const feeds = Object.fromEntries(
        Object.entries(g.inputs).map(([k, v]) => [k, tensor('float32', v.data, v.dims)]),
      );
      const out = await session.run(feeds);
      for (const [name, want] of Object.entries(g.outputs)) {
        expect(out[name]!.dims).toEqual(want.dims);
        const got = Array.from(out[name]!.data as Float32Array);
        got.forEach((v, i) => expect(v).toBeCloseTo(want.data[i]!, 5));
      }
    } finally {
      await session.dispose();
    }
  });

  it('reports the graph inputs and outputs with named dynamic axes', async () => {
    const session = await createOrtBackend().createSession({ bytes: mlpModel().model });
    expect(session.inputs).toEqual([{ name: 'x', dtype: 'float32', dims: ['batch', 4] }]);
    expect(session.outputs).toEqual([{ name: 'y', dtype: 'float32', dims: ['batch', 2] }]);
    await session.dispose();
  });

  it('converts every dtype, float16 included', async () => {
    const session = await createOrtBackend().createSession({ bytes: dtypesModel().model });
    const out = await session.run({
      f16: tensor('float16', [0.5, -1.25, 1000], [3]),
      f64: tensor('float64', [1e-300, 2, -3], [3]),
      i32: tensor('int32', [0, -1, 2147483646], [3]),
      i64: tensor('int64', [0n, -1n, 9007199254740993n], [3]),
      b: tensor('bool', [1, 0, 1], [3]),
      u8: tensor('uint8', [0, 128, 255], [3]),
      s: tensor('string', ['a', 'ß', ''], [3]),
    });
    expect(out.f16_out).toEqual({ dtype: 'float16', dims: [3], data: Float32Array.from([1, -2.5, 2000]) });
    expect(Array.from(out.f64_out!.data as Float64Array)).toEqual([2e-300, 4, -6]);
    expect(Array.from(out.i32_out!.data as Int32Array)).toEqual([1, 0, 2147483647]);
    expect(Array.from(out.i64_out!.data as BigInt64Array)).toEqual([1n, 0n, 9007199254740994n]);
    expect(Array.from(out.b_out!.data as Uint8Array)).toEqual([0, 1, 0]);
    expect(Array.from(out.u8_out!.data as Uint8Array)).toEqual([0, 128, 255]);
    expect(out.s_out!.data).toEqual(['a', 'ß', '']);
    await session.dispose();
  });

  it('falls back to CPU with a logged warning for each unavailable provider', async () => {
    const logger = captureLogger();
    const session = await createOrtBackend({ logger }).createSession(
      { bytes: mlpModel().model },
      { executionProviders: ['cuda', 'webgpu'] },
    );
    const used = session.executionProviders;
    expect(used).toContain('cpu');
    const warned = logger.lines
      .filter((l) => l.level === 'warn')
      .map((l) => (l.obj as { provider: string }).provider);
    // Every requested provider is either in use or was reported as unavailable, never silently dropped.
    for (const p of ['cuda', 'webgpu']) expect(used.includes(p as never) !== warned.includes(p)).toBe(true);
    const out = await session.run({ x: tensor('float32', golden['mlp.onnx']!.inputs.x!.data, [3, 4]) });
    expect(out.y!.dims).toEqual([3, 2]);
    await session.dispose();
  });

  it('applies session options: threads, optimisation level, arena and memory pattern', async () => {
    const session = await createOrtBackend().createSession(
      { bytes: mlpModel().model },
      {
        intraOpThreads: 2,
        interOpThreads: 2,
        executionMode: 'parallel',
        graphOptimizationLevel: 'disabled',
        enableCpuMemArena: false,
        enableMemPattern: false,
      },
    );
    const out = await session.run({ x: tensor('float32', golden['mlp.onnx']!.inputs.x!.data, [3, 4]) });
    expect(Array.from(out.y!.data as Float32Array)[0]).toBeCloseTo(
      golden['mlp.onnx']!.outputs.y!.data[0]!,
      5,
    );
    await session.dispose();
  });

  it('loads an external-data model by path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-ext-'));
    const built = mlpModel({ externalData: 'mlp.onnx.data' });
    await writeFile(join(dir, 'mlp.onnx'), built.model);
    await writeFile(join(dir, 'mlp.onnx.data'), built.externalData!);
    expect(built.externalData!.length).toBe((4 * 8 + 8 + 8 * 2 + 2) * 4);
    const session = await createOrtBackend().createSession({ path: join(dir, 'mlp.onnx') });
    const out = await session.run({ x: tensor('float32', golden['mlp.onnx']!.inputs.x!.data, [3, 4]) });
    expect(Array.from(out.y!.data as Float32Array)[5]).toBeCloseTo(
      golden['mlp.onnx']!.outputs.y!.data[5]!,
      5,
    );
    await session.dispose();
    await expectCode(
      createOrtBackend().createSession(
        { path: join(dir, 'mlp.onnx') },
        { freeDimensionOverrides: { batch: 1 } },
      ),
      'INVALID_ARGUMENT',
      /external-data/,
    );
  });

  it('fixes named dynamic axes with freeDimensionOverrides', async () => {
    const logger = captureLogger();
    const session = await createOrtBackend({ logger }).createSession(
      { path: fixture('mlp.onnx') },
      { freeDimensionOverrides: { batch: 3, nonexistent: 2 } },
    );
    expect(session.inputs[0]!.dims).toEqual([3, 4]);
    expect(logger.lines.some((l) => l.level === 'warn' && /match no input axis/.test(l.msg ?? ''))).toBe(
      true,
    );
    await session.run({ x: tensor('float32', golden['mlp.onnx']!.inputs.x!.data, [3, 4]) });
    await expectCode(
      session.run({ x: tensor('float32', [1, 2, 3, 4], [1, 4]) }),
      'FEED_SHAPE',
      /dimension 0 must be 3, got 1/,
    );
    await session.dispose();
  });

  it('disposes idempotently and refuses runs afterwards', async () => {
    const session = await createOrtBackend().createSession({ bytes: mlpModel().model });
    await Promise.all([session.dispose(), session.dispose()]);
    await session.dispose();
    expect(session.disposed).toBe(true);
    await expectCode(session.run({ x: tensor('float32', [1, 2, 3, 4], [1, 4]) }), 'SESSION_DISPOSED');
  });

  it('does not start a run whose signal has fired', async () => {
    const session = await createOrtBackend().createSession({ bytes: mlpModel().model });
    await expectCode(
      session.run({ x: tensor('float32', [1, 2, 3, 4], [1, 4]) }, { signal: AbortSignal.abort('stop') }),
      'ABORTED',
    );
    await session.dispose();
  });

  it('wraps a model that cannot be loaded as MODEL_LOAD_FAILED', async () => {
    await expectCode(
      createOrtBackend().createSession({ bytes: new Uint8Array([1, 2, 3, 4]) }),
      'MODEL_LOAD_FAILED',
      /cannot load model/,
    );
    await expectCode(
      createOrtBackend().createSession({ path: '/nonexistent/model.onnx' }),
      'MODEL_LOAD_FAILED',
    );
  });

  it('keeps the committed fixtures identical to what the generator makes', async () => {
    const { FIXTURES } = await import('../testing/fixture-models.js');
    for (const [file, make] of Object.entries(FIXTURES)) {
      expect(new Uint8Array(await readFile(fixture(file))), file).toEqual(make().model);
    }
    const stored = JSON.parse(await readFile(fixture('golden.json'), 'utf8')) as unknown;
    expect(stored).toEqual(JSON.parse(JSON.stringify(golden)));
  });

  it('rejects feeds that do not match the graph', async () => {
    const session = await createOrtBackend().createSession({ bytes: mlpModel().model });
    const bad = { x: tensor('float64', [1, 2, 3, 4], [1, 4]) } as Record<string, AnyTensor>;
    await expectCode(session.run(bad), 'FEED_DTYPE', /input "x" must be float32, got float64/);
    await session.dispose();
  });
});
