// Scale-out: screening throughput on 1 and 2 `strata worker` processes over Redis (BullMQ), beside the
// in-process queue running the same screen (the baseline), and what the queue costs per shard. Redis is
// Debian's redis-server, started here on a free port of 127.0.0.1 and stopped at the end.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { JobQueue } from '@strata/jobs';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { DRUG_JOBS } from '@strata/drug/node';
import { RedisJobQueue } from '@strata/jobs/redis';
import { printTable, writeResults } from '../harness.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const LIBRARY = join(root, 'datasets/nci-first-5k.smi');
const SHARD = 500;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function startRedis(): Promise<{ url: string; child: ChildProcess }> {
  if (spawnSync('redis-server', ['--version']).status !== 0)
    throw new Error('bench scale needs redis-server (apt-get install redis-server)');
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', `${port}`, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve) =>
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('Ready to accept') && resolve()),
  );
  return { url: `redis://127.0.0.1:${port}`, child };
}

function startWorker(url: string, stateDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(root, 'apps/cli/dist/main.js'), 'worker', '--domains', 'drug'],
    {
      env: {
        ...process.env,
        STRATA_JOBS: url,
        STRATA_STATE_DIR: stateDir,
        STRATA_JOB_WORKERS: '1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve) =>
    createInterface({ input: child.stdout! }).on('line', (l) => l.includes('taking jobs') && resolve(child)),
  );
}

/** Screens the library once on `queue`; seconds from submit to success. */
async function screen(queue: JobQueue, threads: number): Promise<{ seconds: number; shards: number }> {
  const input = {
    input: LIBRARY,
    workers: threads,
    batchSize: 100,
    shardSize: SHARD,
    options: { sa: false },
  };
  const started = performance.now();
  const job = await queue.wait((await queue.submit({ kind: 'drug.screen', input })).id);
  if (job.state !== 'succeeded') throw new Error(`the screen ${job.state}: ${job.error?.message}`);
  return {
    seconds: (performance.now() - started) / 1000,
    shards: Math.ceil((job.progress.total ?? 0) / SHARD),
  };
}

async function inProcess(threads: number) {
  const queue = await EmbeddedJobQueue.open({
    dir: mkdtempSync(join(tmpdir(), 'strata-bench-')),
    handlers: DRUG_JOBS,
    workers: 1,
  });
  try {
    return await screen(queue, threads);
  } finally {
    await queue.close();
  }
}

async function overRedis(url: string, processes: number) {
  const stateDir = mkdtempSync(join(tmpdir(), 'strata-bench-shared-'));
  const workers = await Promise.all(Array.from({ length: processes }, () => startWorker(url, stateDir)));
  const queue = await RedisJobQueue.open({
    url,
    handlers: DRUG_JOBS,
    resultsDir: join(stateDir, 'jobs', 'results'),
    workers: 0,
  });
  try {
    return await screen(queue, 1);
  } finally {
    await queue.close();
    await Promise.all(workers.map((w) => new Promise((r) => (w.once('exit', r), w.kill('SIGTERM')))));
  }
}

export async function benchScale(): Promise<void> {
  const redis = await startRedis();
  try {
    // Warm the disk cache and the code paths once, unmeasured.
    await inProcess(1);
    const base = await inProcess(1);
    const base2 = await inProcess(2);
    const one = await overRedis(`${redis.url}/1`, 1);
    const two = await overRedis(`${redis.url}/2`, 2);
    const molecules = 4999;
    const rate = (s: number) => molecules / s;
    const rows = [
      {
        run: 'in-process queue, 1 screening thread (baseline)',
        seconds: base.seconds,
        'mol/s': rate(base.seconds),
        'x baseline': 1,
      },
      {
        run: 'in-process queue, 2 screening threads',
        seconds: base2.seconds,
        'mol/s': rate(base2.seconds),
        'x baseline': base.seconds / base2.seconds,
      },
      {
        run: 'Redis, 1 worker process',
        seconds: one.seconds,
        'mol/s': rate(one.seconds),
        'x baseline': base.seconds / one.seconds,
      },
      {
        run: 'Redis, 2 worker processes',
        seconds: two.seconds,
        'mol/s': rate(two.seconds),
        'x baseline': base.seconds / two.seconds,
      },
    ];
    printTable(
      `Screening ${molecules} NCI molecules in shards of ${SHARD} (${one.shards} shards), SA off`,
      rows,
    );
    // What one worker over Redis spends beyond the same work in-process, per shard, against a shard's work.
    const perShard = (one.seconds - base.seconds) / one.shards;
    const overhead = {
      'overhead per shard (s)': perShard,
      'x a shard of work': perShard / (base.seconds / one.shards),
    };
    printTable('Queue overhead (Redis, 1 worker, against the in-process queue)', [overhead]);
    console.log(
      `results: ${writeResults('scale', { molecules, shardSize: SHARD, shards: one.shards, rows, overhead })}`,
    );
  } finally {
    redis.child.kill('SIGTERM');
  }
}
