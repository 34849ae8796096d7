// (c) Job queue overhead per task on 10,000 tiny tasks, against bare worker threads doing the same work.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';

const TASKS = 10_000;
const WORKERS = 2;

async function bareWorkers(): Promise<number> {
  const workers = Array.from(
    { length: WORKERS },
    () => new Worker(new URL('./raw-worker.js', import.meta.url)),
  );
  const pending = new Map<number, () => void>();
  for (const w of workers)
    w.on('message', (m: { id: number }) => (pending.get(m.id)!(), pending.delete(m.id)));
  const started = performance.now();
  await Promise.all(
    Array.from(
      { length: TASKS },
      (_, id) =>
        new Promise<void>((resolve) => {
          pending.set(id, resolve);
          workers[id % WORKERS]!.postMessage({ id, n: id });
        }),
    ),
  );
  const ms = performance.now() - started;
  await Promise.all(workers.map((w) => w.terminate()));
  return ms;
}

async function embeddedQueue(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-jobs-'));
  const queue = await EmbeddedJobQueue.open({
    dir,
    workers: WORKERS,
    handlers: { tiny: new URL('./tiny.job.js', import.meta.url) },
  });
  const started = performance.now();
  const jobs = await Promise.all(
    Array.from({ length: TASKS }, (_, n) => queue.submit({ kind: 'tiny', input: { n } })),
  );
  const done = await Promise.all(jobs.map((j) => queue.wait(j.id)));
  const ms = performance.now() - started;
  if (done.some((j) => j.state !== 'succeeded')) throw new Error('a benchmark job failed');
  await queue.close();
  await rm(dir, { recursive: true, force: true });
  return ms;
}

export async function jobOverhead(): Promise<Record<string, string | number>[]> {
  await bareWorkers();
  const bare = await bareWorkers();
  const queue = await embeddedQueue();
  return [
    {
      variant: `bare worker threads x${WORKERS} (baseline)`,
      tasks: TASKS,
      'wall ms': bare,
      'µs per task': (bare * 1000) / TASKS,
      ratio: 1,
    },
    {
      variant: `EmbeddedJobQueue x${WORKERS} (journal, events)`,
      tasks: TASKS,
      'wall ms': queue,
      'µs per task': (queue * 1000) / TASKS,
      ratio: queue / bare,
    },
    {
      variant: 'overhead per task',
      tasks: TASKS,
      'wall ms': queue - bare,
      'µs per task': ((queue - bare) * 1000) / TASKS,
      ratio: 0,
    },
  ];
}
