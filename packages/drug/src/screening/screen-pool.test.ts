import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, isStrataError, ModelError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { DrugError } from '../errors.js';
import type { MoleculeRecord } from '../readers/record.js';
import { sharedDrugFile } from '../testing/shared-data.js';
import { createScreenPool } from './screen-pool.js';

const modelsDir = fileURLToPath(new URL('../../../../models/', import.meta.url));

/** `n` NCI molecules as records, in batches of `size`. */
function batches(n: number, size: number): MoleculeRecord[][] {
  const lines = readFileSync(sharedDrugFile('nci-first-5k.smi'), 'utf8').split('\n').slice(0, n);
  const records = lines.map((line, i) => {
    const [molecule, id] = line.split('\t');
    return { position: i + 1, id: id ?? null, molecule: molecule!, fields: {} };
  });
  return Array.from({ length: Math.ceil(n / size) }, (_, b) => records.slice(b * size, (b + 1) * size));
}

describe('createScreenPool', () => {
  it('draws molecules on its threads as the calling thread would, null for one RDKit cannot parse', async () => {
    const pool = await createScreenPool({ sa: false }, 1);
    const local = await createScreenPool({ sa: false }, 0);
    const size = { width: 200, height: 150 };
    const svg = await pool.depict('c1ccccc1O', size);
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*width='200px'/);
    expect(svg).toBe(await local.depict('c1ccccc1O', size));
    expect(await pool.depict('C1CC', size)).toBeNull();
    await pool.close();
    await local.close();
  });

  it('fails to open with the class and code its threads threw', async () => {
    const smarts = createScreenPool({ sa: false, alerts: [{ name: 'bad', smarts: 'C(((' }] }, 1);
    await expect(smarts).rejects.toBeInstanceOf(DrugError);
    await expect(smarts).rejects.toMatchObject({ code: 'INVALID_SMARTS' });
    // A core error stays the core's class, not a DrugError.
    const noDir = await createScreenPool({ sa: false, models: ['esol-solubility'] }, 1).catch(
      (e: unknown) => e,
    );
    expect(noDir).toBeInstanceOf(InvalidArgumentError);
    expect(noDir).toMatchObject({ code: 'INVALID_ARGUMENT', context: { argument: 'modelsDir' } });
    const unknown = await createScreenPool({ sa: false, models: ['no-such-model'] }, 1, modelsDir).catch(
      (e: unknown) => e,
    );
    expect(unknown).toBeInstanceOf(ModelError);
    expect(unknown).toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('ends a screen cancelled while its threads run the property models without terminating a thread', async () => {
    const options = { sa: false, pains: false, models: ['esol-solubility', 'tox21-toxicity'] };
    const pool = await createScreenPool(options, 2, modelsDir);
    const cancel = new AbortController();
    const [first, ...rest] = batches(600, 60).map((b) => pool.screen(b, { signal: cancel.signal }));
    for (const p of rest) p.catch(() => undefined);
    expect(await first).toHaveLength(60);
    expect(pool.stats()).toMatchObject({ threads: 2 });
    expect(pool.stats()!.busy).toBeGreaterThanOrEqual(1);
    cancel.abort('cancelled by the user');
    const outcomes = await Promise.allSettled(rest);
    // Each batch either finished before the cancel reached it or stopped with ABORTED.
    for (const o of outcomes)
      if (o.status === 'rejected') expect(isStrataError(o.reason, 'ABORTED')).toBe(true);
      else expect(o.value).toHaveLength(60);
    expect(outcomes.some((o) => o.status === 'rejected')).toBe(true);
    // Cancel the rest by closing while batches run: the pool waits for them.
    const more = batches(240, 60).map((b) => pool.screen(b).catch((e: unknown) => e));
    const ends = await pool.close();
    expect(ends.map((e) => e.kind)).toEqual(['closed', 'closed']);
    for (const r of await Promise.all(more))
      expect(Array.isArray(r) || isStrataError(r, 'ABORTED')).toBe(true);
  });
});
