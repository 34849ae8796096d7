import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStrataError } from '../errors.js';
import { createOrtBackend } from '../onnx/ort-backend.js';
import { tensor, type TensorMap } from '../tensor.js';
import { mlpModel } from '../testing/fixture-models.js';
import { goldenCases } from '../testing/golden.js';
import { manifestFor, writeModelDir } from '../testing/model-dir.js';
import type { ModelManifestInput } from './manifest.js';
import { ModelRegistry } from './registry.js';

const model = mlpModel().model;
const io = {
  inputs: [{ name: 'x', dtype: 'float32' as const, dims: ['batch', 4] }],
  outputs: [{ name: 'y', dtype: 'float32' as const, dims: ['batch', 2] }],
};
const good = manifestFor('mlp', model, io);
const backend = createOrtBackend();
const golden = goldenCases()['mlp.onnx']!;

async function failure(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; context: Record<string, unknown> }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStrataError(err)) throw new Error(`expected a StrataError, got ${String(err)}`);
  return err;
}

async function openWith(manifest: unknown, options: { model?: Uint8Array; raw?: string } = {}) {
  const dir = await writeModelDir([
    {
      folder: 'mlp',
      model: options.model ?? model,
      manifest,
      ...(options.raw ? { rawManifest: options.raw } : {}),
    },
  ]);
  return ModelRegistry.open(dir, { backend });
}

const withManifest = (patch: Partial<ModelManifestInput>) => ({ ...good, ...patch });

describe('model registry', () => {
  it('loads a generated model through its manifest and gets the golden outputs', async () => {
    const registry = await openWith(good);
    expect(registry.list().map((e) => [e.manifest.id, e.loaded])).toEqual([['mlp', false]]);
    const session = await registry.session('mlp');
    expect(registry.list()[0]!.loaded).toBe(true);
    expect(await registry.session('mlp')).toBe(session);
    const out = await session.run({ x: tensor('float32', golden.inputs.x!.data, golden.inputs.x!.dims) });
    Array.from(out.y!.data as Float32Array).forEach((v, i) =>
      expect(v).toBeCloseTo(golden.outputs.y!.data[i]!, 5),
    );
    await registry.unload('mlp');
    expect(registry.list()[0]!.loaded).toBe(false);
    expect((await failure(session.run({ x: tensor('float32', [1, 2, 3, 4], [1, 4]) }))).code).toBe(
      'SESSION_DISPOSED',
    );
    const again = await registry.session('mlp');
    expect(again).not.toBe(session);
    await registry.close();
    expect(again.disposed).toBe(true);
  });

  it('applies free-dimension overrides to the manifest it checks and validates against', async () => {
    const dir = await writeModelDir([{ folder: 'mlp', model, manifest: good }]);
    const registry = await ModelRegistry.open(dir, {
      backend,
      sessionOptions: { freeDimensionOverrides: { batch: 3 } },
    });
    const session = await registry.session('mlp');
    expect(session.inputs[0]!.dims).toEqual([3, 4]);
    await session.run({ x: tensor('float32', golden.inputs.x!.data, [3, 4]) });
    const err = await failure(session.run({ x: tensor('float32', [1, 2, 3, 4], [1, 4]) }));
    expect(err.code).toBe('FEED_SHAPE');
    await registry.close();
    expect((await failure(registry.session('mlp'))).code).toBe('SESSION_DISPOSED');
  });

  it('warms up every model on request', async () => {
    const registry = await openWith(good);
    await registry.warmup();
    expect(registry.list().every((e) => e.loaded)).toBe(true);
    await registry.close();
  });

  it('names an unknown model', async () => {
    const registry = await openWith(good);
    const err = await failure(registry.session('nope'));
    expect(err.code).toBe('MODEL_NOT_FOUND');
    expect(err.message).toBe('model "nope" is not in the registry; known: mlp');
  });

  describe('finding models by task', () => {
    const withTask = (id: string, task: string) => ({ ...manifestFor(id, model, io), task });
    /** Two tasks, out of order, and a folder that holds no model (a training script's). */
    async function mixed(): Promise<string> {
      const dir = await writeModelDir([
        { folder: 'c-forecast', model, manifest: withTask('c-forecast', 'time-series-forecasting') },
        { folder: 'a-forecast', model, manifest: withTask('a-forecast', 'time-series-forecasting') },
        { folder: 'b-property', model, manifest: withTask('b-property', 'molecular-property') },
      ]);
      await mkdir(join(dir, 'scripts'));
      return dir;
    }

    it('lists the models of one task in id order, with their folders and load state', async () => {
      const registry = await ModelRegistry.open(await mixed(), { backend });
      const forecasting = registry.byTask('time-series-forecasting');
      expect(forecasting.map((e) => [e.manifest.id, e.loaded])).toEqual([
        ['a-forecast', false],
        ['c-forecast', false],
      ]);
      expect(forecasting[0]!.dir).toMatch(/a-forecast$/);
      await registry.session('c-forecast');
      expect(registry.byTask('time-series-forecasting').map((e) => e.loaded)).toEqual([false, true]);
      expect(registry.byTask('molecular-property').map((e) => e.manifest.id)).toEqual(['b-property']);
      expect(registry.byTask('weather-forecast')).toEqual([]);
      await registry.close();
    });

    it('opens the one model of a folder and verifies its hash when it loads', async () => {
      const dir = await mixed();
      const registry = await ModelRegistry.openFolder(join(dir, 'b-property'), { backend });
      expect(registry.byTask('molecular-property').map((e) => e.manifest.id)).toEqual(['b-property']);
      expect((await registry.session('b-property')).inputs[0]!.name).toBe('x');
      await registry.close();
      const bad = await writeModelDir([
        { folder: 'm', model, manifest: withManifest({ sha256: '0'.repeat(64) }) },
      ]);
      const wrong = await ModelRegistry.openFolder(join(bad, 'm'), { backend });
      expect((await failure(wrong.session('mlp'))).code).toBe('MODEL_HASH_MISMATCH');
    });

    it('names a folder without a model', async () => {
      const dir = await mixed();
      const err = await failure(ModelRegistry.openFolder(join(dir, 'scripts'), { backend }));
      expect(err.code).toBe('MODEL_NOT_FOUND');
      expect(err.message).toMatch(/no model in .*scripts: .*model\.json does not exist/);
      expect(err.message).toContain('@strata/models');
    });

    it('says where a relative models path was looked for, and where the bundled models are', async () => {
      const err = await failure(ModelRegistry.open('no-such-models-dir', { backend }));
      expect(err.code).toBe('MODEL_NOT_FOUND');
      expect(err.message).toContain(`no models directory at ${join(process.cwd(), 'no-such-models-dir')}`);
      expect(err.message).toContain(`a relative path starts at the working directory, ${process.cwd()}`);
      expect(err.message).toMatch(/@strata\/models package \(modelsDir, modelDir\(id\)\)/);
    });
  });

  describe('bad manifests', () => {
    it.each([
      [
        'a missing field',
        { ...good, license: undefined },
        'license',
        /model "mlp": manifest field "license" is invalid/,
      ],
      [
        'an unknown dtype',
        withManifest({ inputs: [{ name: 'x', dtype: 'float8' as never, dims: [1] }] }),
        'inputs[0].dtype',
        /inputs\[0\]\.dtype/,
      ],
      ['a malformed hash', withManifest({ sha256: 'abc' }), 'sha256', /lowercase hex sha256/],
      ['an unknown field', { ...good, extra: 1 }, '(root)', /Unrecognized key/],
      ['a bad id', withManifest({ id: 'Bad Id' }), 'id', /manifest field "id"/],
    ])('rejects %s as MANIFEST_INVALID', async (_label, manifest, field, message) => {
      const err = await failure(openWith(manifest));
      expect(err.code).toBe('MANIFEST_INVALID');
      expect(err.context.field).toBe(field);
      expect(err.message).toMatch(message);
    });

    it('rejects a manifest that is not JSON', async () => {
      const err = await failure(openWith(good, { raw: '{ "id": ' }));
      expect(err.code).toBe('MANIFEST_INVALID');
      expect(err.message).toMatch(/model "mlp": .*model\.json is not valid JSON/);
    });

    it('rejects a missing model file when the registry opens', async () => {
      const err = await failure(openWith(withManifest({ file: 'missing.onnx' })));
      expect(err.code).toBe('MODEL_FILE_MISSING');
      expect(err.context).toMatchObject({ modelId: 'mlp', field: 'file' });
      expect(err.message).toMatch(
        /model "mlp": manifest field "file" names .*missing\.onnx, which does not exist/,
      );
    });

    it('rejects a missing external-data file', async () => {
      const err = await failure(
        openWith(withManifest({ externalData: [{ file: 'w.data', sha256: 'a'.repeat(64) }] })),
      );
      expect(err.code).toBe('MODEL_FILE_MISSING');
      expect(err.context.field).toBe('externalData[0].file');
    });

    it('rejects a wrong hash when the model loads', async () => {
      const registry = await openWith(withManifest({ sha256: '0'.repeat(64) }));
      const err = await failure(registry.session('mlp'));
      expect(err.code).toBe('MODEL_HASH_MISMATCH');
      expect(err.context).toMatchObject({
        modelId: 'mlp',
        field: 'sha256',
        expected: '0'.repeat(64),
        actual: good.sha256,
      });
      expect(err.message).toMatch(
        /model "mlp": model\.onnx has sha256 [0-9a-f]{64} but manifest field "sha256" says 0{64}/,
      );
      expect(registry.list()[0]!.loaded).toBe(false);
    });

    it.each([
      [
        'an input name',
        { inputs: [{ name: 'features', dtype: 'float32', dims: ['batch', 4] }] },
        'inputs',
        /lacks "x", which the ONNX graph has/,
      ],
      [
        'an input dtype',
        { inputs: [{ name: 'x', dtype: 'float64', dims: ['batch', 4] }] },
        'inputs[0].dtype',
        /is float64 but the ONNX graph says float32/,
      ],
      [
        'an input rank',
        { inputs: [{ name: 'x', dtype: 'float32', dims: ['batch', 2, 2] }] },
        'inputs[0].dims',
        /has rank 3/,
      ],
      [
        'a fixed size',
        { inputs: [{ name: 'x', dtype: 'float32', dims: ['batch', 5] }] },
        'inputs[0].dims[1]',
        /is 5 but the ONNX graph fixes it at 4/,
      ],
      [
        'an output name',
        { outputs: [{ name: 'z', dtype: 'float32', dims: ['batch', 2] }] },
        'outputs',
        /lacks "y"/,
      ],
      [
        'an extra output',
        { outputs: [...io.outputs, { name: 'z', dtype: 'float32', dims: [1] }] },
        'outputs[1].name',
        /is "z", which the ONNX graph does not have/,
      ],
    ])('rejects a manifest that disagrees with the graph on %s', async (_label, patch, field, message) => {
      const registry = await openWith(withManifest(patch as Partial<ModelManifestInput>));
      const err = await failure(registry.session('mlp'));
      expect(err.code).toBe('MODEL_SIGNATURE_MISMATCH');
      expect(err.context).toMatchObject({ modelId: 'mlp', field });
      expect(err.message).toMatch(message);
    });
  });

  describe('bad feeds', () => {
    const x = (data: number[], dims: number[]) => tensor('float32', data, dims);
    it.each<[string, TensorMap, string, RegExp, Record<string, unknown>]>([
      [
        'a missing input',
        {},
        'FEED_MISSING',
        /^model "mlp": input "x" is missing$/,
        { input: 'x', expected: 'float32[batch, 4]' },
      ],
      [
        'an unknown input',
        { x: x([1, 2, 3, 4], [1, 4]), z: x([1], [1]) },
        'FEED_UNKNOWN',
        /feed "z" is not an input; inputs are x/,
        { input: 'z' },
      ],
      [
        'a wrong dtype',
        { x: tensor('int32', [1, 2, 3, 4], [1, 4]) },
        'FEED_DTYPE',
        /input "x" must be float32, got int32/,
        { expected: 'float32', actual: 'int32' },
      ],
      [
        'a wrong rank',
        { x: x([1, 2, 3, 4], [4]) },
        'FEED_SHAPE',
        /input "x" must have rank 2 \[batch, 4\], got rank 1 \[4\]/,
        { input: 'x' },
      ],
      [
        'a wrong size',
        { x: x([1, 2, 3], [1, 3]) },
        'FEED_SHAPE',
        /input "x" dimension 1 must be 4, got 3/,
        { input: 'x' },
      ],
      [
        'data of the wrong length',
        { x: { dtype: 'float32', dims: [2, 4], data: new Float32Array(4) } },
        'FEED_SHAPE',
        /input "x" has 4 elements but its dims \[2, 4\] need 8/,
        { expected: 8, actual: 4 },
      ],
    ])('rejects %s with a typed error', async (_label, feeds, code, message, context) => {
      const registry = await openWith(good);
      const session = await registry.session('mlp');
      const err = await failure(session.run(feeds));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(err.context).toMatchObject({ modelId: 'mlp', ...context });
      await registry.close();
    });
  });
});
