// The thread module of the job pool: runs one attempt of a job (the whole of it, or one phase of a
// sharded one) in a pool thread, relaying progress and checkpoints to the queue that started it.
import { mkdirSync } from 'node:fs';
import { JobError } from '@strata/core';
import type { TaskContext } from '@strata/core/node';
import type { ThreadRun } from './handler-threads.js';

/** What the attempt tells its queue: progress as messages, checkpoints as requests the queue answers once stored. */
export type AttemptMessage = { readonly done: number; readonly total?: number | undefined };
export type CheckpointRequest = AttemptMessage & { readonly state: unknown };

type Phase = (ctx: unknown) => Promise<unknown>;
type Handler = { run?: Phase; plan?: Phase; runShard?: Phase; assemble?: Phase };

const handlers = new Map<string, Promise<Handler>>();

async function loadHandler(url: string, ctx: TaskContext): Promise<Handler> {
  const mod = (await ctx.load(url)) as { default?: Handler };
  const handler = mod.default;
  const sharded =
    !!handler && ['plan', 'runShard', 'assemble'].every((f) => typeof handler[f as 'plan'] === 'function');
  if (!handler || (typeof handler.run !== 'function' && !sharded))
    throw new JobError(
      'JOB_HANDLER_UNKNOWN',
      `module ${url} has no default export with a run() function (or plan(), runShard() and assemble())`,
    );
  return handler;
}

/** Runs one attempt: the phase `run.phase` names (the whole job without one). */
export async function attempt(run: ThreadRun, task: TaskContext): Promise<unknown> {
  let handler = handlers.get(run.module);
  if (!handler) handlers.set(run.module, (handler = loadHandler(run.module, task)));
  // A failed import is not cached: the next attempt tries again.
  const h = await handler.catch((err: unknown) => {
    handlers.delete(run.module);
    throw err;
  });
  // Calls a handler makes after its attempt ended (from a stray timer) are ignored, not sent.
  let ended = false;
  let resultsDirMade = false;
  const ctx = {
    jobId: run.jobId ?? run.id,
    input: run.input,
    resume: run.resume,
    signal: task.signal,
    // Made on first use: most tiny jobs never write a file, and a directory per job is not free.
    get resultsDir() {
      if (!resultsDirMade) mkdirSync(run.resultsDir, { recursive: true });
      resultsDirMade = true;
      return run.resultsDir;
    },
    progress(done: number, total?: number) {
      if (!ended) task.send({ done, total } satisfies AttemptMessage);
    },
    async saveCheckpoint(state: unknown, progress?: { done: number; total?: number }) {
      if (ended) return;
      await task.request({ state, done: progress?.done, total: progress?.total } as CheckpointRequest);
    },
  };
  const call = (name: keyof Handler, c: unknown) => {
    const phase = h[name];
    if (typeof phase !== 'function')
      throw new JobError('JOB_FAILED', `${run.module} has no ${name}()`, { context: { jobId: ctx.jobId } });
    return phase.call(h, c);
  };
  try {
    if (run.phase === 'plan')
      return typeof h.plan === 'function' && typeof h.runShard === 'function'
        ? ((await call('plan', ctx)) ?? null)
        : null;
    if (run.phase === 'shard')
      return (await call('runShard', { ...ctx, shard: run.shard, index: run.index })) ?? null;
    if (run.phase === 'assemble') return (await call('assemble', { ...ctx, outputs: run.outputs })) ?? null;
    return (await call('run', ctx)) ?? null;
  } finally {
    ended = true;
  }
}
