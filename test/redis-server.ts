// Vitest global setup: a Redis server of its own for the test run (the Redis job queue's tests), on
// 127.0.0.1 and a free port, without persistence, stopped when the run ends. A developer's own Redis
// may be named instead with STRATA_TEST_REDIS_URL. Tests `inject('redisUrl')`; without redis-server it
// is null, and those tests say how to get it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  interface ProvidedContext {
    /** The Redis of the test run, or null without one. */
    redisUrl: string | null;
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

let redis: ChildProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  project.provide('redisUrl', await startRedis());
}

async function startRedis(): Promise<string | null> {
  if (process.env.STRATA_TEST_REDIS_URL) return process.env.STRATA_TEST_REDIS_URL;
  if (spawnSync('redis-server', ['--version']).status !== 0) return null;
  const port = await freePort();
  redis = spawn(
    'redis-server',
    ['--port', `${port}`, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    redis!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    redis!.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${out}`)));
  });
  return `redis://127.0.0.1:${port}`;
}

export function teardown(): void {
  redis?.kill('SIGTERM');
}
