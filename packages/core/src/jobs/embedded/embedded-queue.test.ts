import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStrataError } from '../../errors.js';
import { harness } from '../../testing/jobs/embedded-harness.js';
import { contractHandlers } from '../../testing/jobs/handlers.js';
import { runJobQueueContract } from '../../testing/jobs/job-queue-contract.js';
import { EmbeddedJobQueue } from './embedded-queue.js';

runJobQueueContract(
  'EmbeddedJobQueue',
  harness,
  new URL('../../testing/jobs/embedded-harness.ts', import.meta.url),
);

describe('EmbeddedJobQueue', () => {
  it('refuses a state directory another open queue holds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-jobs-'));
    const queue = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 1 });
    await expect(EmbeddedJobQueue.open({ dir, handlers: contractHandlers })).rejects.toSatisfy((e) =>
      isStrataError(e, 'JOB_STATE_LOCKED'),
    );
    await queue.close();
    const again = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 1 });
    await again.close();
  });

  it('fails a job whose handler module has no handler, naming the module', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-jobs-'));
    const queue = await EmbeddedJobQueue.open({
      dir,
      handlers: { broken: new URL('../types.ts', import.meta.url) },
      workers: 1,
    });
    const job = await queue.submit({ kind: 'broken', input: null });
    const final = await queue.wait(job.id);
    expect(final.state).toBe('failed');
    expect(final.error).toMatchObject({ code: 'JOB_HANDLER_UNKNOWN' });
    expect(final.error!.message).toMatch(/types\.ts has no default export with a run\(\) function/);
    await queue.close();
  });
});
