// The worker-thread side of the embedded job queue: imports handler modules, runs one job at a time,
// and relays progress, checkpoints and the outcome to the queue. Plain JavaScript so that it runs from
// the sources as well as from the build (a worker thread cannot load TypeScript by itself).
import { parentPort } from 'node:worker_threads';
import { mkdirSync } from 'node:fs';

if (!parentPort) throw new Error('worker-runtime.js must run in a worker thread');
const port = parentPort;

/**
 * @typedef {(ctx: unknown) => Promise<unknown>} Phase
 * @type {Map<string, Promise<{ run: Phase, plan?: Phase, runShard?: Phase, assemble?: Phase }>>}
 */
const handlers = new Map();
/** @type {Map<string, AbortController>} */
const running = new Map();
/** @type {Map<number, (error?: string) => void>} */
const acks = new Map();
let seq = 0;
let tsxRegistered = false;

/** @param {string} url */
async function loadHandler(url) {
  if (url.endsWith('.ts') && !tsxRegistered) {
    // Handlers written in TypeScript (tests, development) need tsx's loader in this thread.
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  const mod = await import(url);
  const handler = mod.default;
  const sharded = handler && ['plan', 'runShard', 'assemble'].every((f) => typeof handler[f] === 'function');
  if (!handler || (typeof handler.run !== 'function' && !sharded)) {
    throw Object.assign(
      new Error(
        `module ${url} has no default export with a run() function (or plan(), runShard() and assemble())`,
      ),
      {
        code: 'JOB_HANDLER_UNKNOWN',
      },
    );
  }
  return handler;
}

/** @param {unknown} err */
function describeError(err) {
  const e = /** @type {{ code?: unknown, message?: unknown }} */ (err ?? {});
  return {
    code: typeof e.code === 'string' ? e.code : 'JOB_FAILED',
    message: typeof e.message === 'string' ? e.message : String(err),
  };
}

/**
 * A sharded job's phases run one at a time, each as an attempt of its own: `plan` (null from a handler
 * that does not shard), `shard` (one shard, with its own checkpoints) and `assemble`; no phase runs the
 * whole job.
 * @param {{ id: string, jobId?: string, module: string, input: unknown, resume: unknown, resultsDir: string,
 *   phase?: 'plan' | 'shard' | 'assemble', shard?: unknown, index?: number, outputs?: unknown[] }} job
 */
async function run(job) {
  const controller = new AbortController();
  running.set(job.id, controller);
  // Calls a handler makes after its attempt ended (from a stray timer) are ignored, not sent.
  let ended = false;
  try {
    let handler = handlers.get(job.module);
    if (!handler) handlers.set(job.module, (handler = loadHandler(job.module)));
    const h = await handler;
    let resultsDirMade = false;
    const ctx = {
      jobId: job.jobId ?? job.id,
      input: job.input,
      resume: job.resume,
      signal: controller.signal,
      // Made on first use: most tiny jobs never write a file, and a directory per job is not free.
      get resultsDir() {
        if (!resultsDirMade) mkdirSync(job.resultsDir, { recursive: true });
        resultsDirMade = true;
        return job.resultsDir;
      },
      /** @param {number} done @param {number} [total] */
      progress(done, total) {
        if (!ended) port.postMessage({ type: 'progress', id: job.id, done, total });
      },
      /** @param {unknown} state @param {{ done: number, total?: number }} [progress] */
      saveCheckpoint(state, progress) {
        if (ended) return Promise.resolve(undefined);
        const n = ++seq;
        return new Promise((resolve, reject) => {
          acks.set(n, (error) => (error ? reject(new Error(error)) : resolve(undefined)));
          port.postMessage({
            type: 'checkpoint',
            id: job.id,
            seq: n,
            state,
            done: progress?.done,
            total: progress?.total,
          });
        });
      },
    };
    const sharded = typeof h.plan === 'function' && typeof h.runShard === 'function';
    /** @param {'run' | 'plan' | 'runShard' | 'assemble'} name */
    const call = (name, /** @type {unknown} */ c) => {
      const phase = h[name];
      if (typeof phase !== 'function')
        throw Object.assign(new Error(`${job.module} has no ${name}()`), { code: 'JOB_FAILED' });
      return phase.call(h, c);
    };
    let result;
    if (job.phase === 'plan') result = sharded ? await call('plan', ctx) : null;
    else if (job.phase === 'shard')
      result = await call('runShard', { ...ctx, shard: job.shard, index: job.index });
    else if (job.phase === 'assemble') result = await call('assemble', { ...ctx, outputs: job.outputs });
    else result = await call('run', ctx);
    port.postMessage({ type: 'done', id: job.id, result: result ?? null });
  } catch (err) {
    port.postMessage({
      type: 'failed',
      id: job.id,
      error: describeError(err),
      aborted: controller.signal.aborted,
    });
  } finally {
    ended = true;
    running.delete(job.id);
  }
}

// A rejection a handler leaves behind must not take down the thread (and with it the next job).
process.on('unhandledRejection', (reason) => {
  port.postMessage({
    type: 'log',
    level: 'error',
    message: `unhandled rejection in a job handler: ${describeError(reason).message}`,
  });
});

port.on('message', (msg) => {
  if (msg.type === 'run') void run(msg.job);
  else if (msg.type === 'abort') running.get(msg.id)?.abort(msg.reason);
  else if (msg.type === 'checkpoint-saved') {
    acks.get(msg.seq)?.(msg.error);
    acks.delete(msg.seq);
  }
});
