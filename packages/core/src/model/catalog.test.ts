import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStrataError } from '../errors.js';
import { mlpModel } from '../testing/fixture-models.js';
import { manifestFor, writeModelDir } from '../testing/model-dir.js';
import { ModelCatalog, verifyModelFiles } from './catalog.js';

const model = mlpModel().model;
const io = {
  inputs: [{ name: 'x', dtype: 'float32' as const, dims: ['batch', 4] }],
  outputs: [{ name: 'y', dtype: 'float32' as const, dims: ['batch', 2] }],
};
const withTask = (id: string, task: string) => ({ ...manifestFor(id, model, io), task });

describe('model catalog', () => {
  it('finds models by task without a backend, skipping folders without a manifest', async () => {
    const dir = await writeModelDir([
      { folder: 'b-property', model, manifest: withTask('b-property', 'molecular-property') },
      { folder: 'a-forecast', model, manifest: withTask('a-forecast', 'time-series-forecasting') },
    ]);
    await mkdir(join(dir, 'scripts'));
    const catalog = await ModelCatalog.open(dir);
    expect(catalog.list().map((e) => e.manifest.id)).toEqual(['a-forecast', 'b-property']);
    expect(catalog.byTask('molecular-property').map((e) => [e.manifest.id, e.dir])).toEqual([
      ['b-property', join(dir, 'b-property')],
    ]);
    expect(catalog.byTask('weather-forecast')).toEqual([]);
    expect(() => catalog.manifest('nope')).toThrow(
      'model "nope" is not in the registry; known: a-forecast, b-property',
    );
  });

  it('refuses an id declared by two folders', async () => {
    const twice = manifestFor('same', model, io);
    const dir = await writeModelDir([
      { folder: 'one', model, manifest: twice },
      { folder: 'two', model, manifest: twice },
    ]);
    const err: unknown = await ModelCatalog.open(dir).catch((e: unknown) => e);
    expect(isStrataError(err, 'MANIFEST_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(/model "same" is declared twice \(.*one and .*two\)/);
  });

  it('verifies the declared hashes of a model on request', async () => {
    const dir = await writeModelDir([{ folder: 'm', model, manifest: manifestFor('m', model, io) }]);
    const entry = (await ModelCatalog.openFolder(join(dir, 'm'))).entry('m');
    await expect(verifyModelFiles(entry)).resolves.toBeUndefined();
    const wrong = { ...entry, manifest: { ...entry.manifest, sha256: '0'.repeat(64) } };
    const err: unknown = await verifyModelFiles(wrong).catch((e: unknown) => e);
    expect(isStrataError(err, 'MODEL_HASH_MISMATCH')).toBe(true);
  });
});
