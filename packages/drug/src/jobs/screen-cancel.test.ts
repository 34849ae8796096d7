import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultThreadBudget } from '@strata/core/node';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { describe, expect, it } from 'vitest';
import { sharedDrugFile } from '../testing/shared-data.js';

const handlers = {
  'drug.screen': new URL(`./screen.job.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
};
const modelsDir = fileURLToPath(new URL('../../../../models/', import.meta.url));

describe('a cancelled screen', () => {
  it('ends while its threads run the property models without terminating a thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-screen-cancel-'));
    const path = join(dir, 'library.smi');
    writeFileSync(
      path,
      readFileSync(sharedDrugFile('nci-first-5k.smi'), 'utf8').split('\n').slice(0, 2000).join('\n'),
    );
    const before = defaultThreadBudget().stats().ends;
    const queue = await EmbeddedJobQueue.open({ dir: join(dir, 'jobs'), handlers, workers: 1 });
    const job = await queue.submit({
      kind: 'drug.screen',
      input: {
        input: path,
        workers: 2,
        batchSize: 50,
        modelsDir,
        options: { sa: false, models: ['esol-solubility', 'tox21-toxicity'] },
      },
    });
    // Batches have been screened, so both screening threads are at work on the next ones.
    await new Promise<void>((resolve) => {
      const stop = queue.subscribe((e) => e.job.progress.done >= 100 && (stop(), resolve()), {
        jobId: job.id,
      });
    });
    await queue.cancel(job.id);
    const final = await queue.wait(job.id);
    await queue.close();
    expect(final.state).toBe('cancelled');
    expect(final.progress.done).toBeLessThan(2000);
    // Every thread of the process (the job's, and the screening threads it started) closed cooperatively.
    const after = defaultThreadBudget().stats();
    expect(after.ends.terminated - before.terminated).toBe(0);
    expect(after.ends.died - before.died).toBe(0);
    expect(after.ends.closed - before.closed).toBeGreaterThanOrEqual(3);
    expect(after).toMatchObject({ used: 0, busy: 0, live: 0 });
  });
});
