// The thread side of every WorkerPool: loads the pool's thread module, runs its setup, runs one task
// at a time with a signal (cancel, close, deadline), relays messages and requests, and tears down on a
// cooperative close. Plain JavaScript so that it runs from the sources as well as from the build: it
// is the one place that registers tsx's loader, for thread modules written in TypeScript.
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { serializeError } from './serialize-error.js';

if (!parentPort) throw new Error('thread-runtime.js must run in a worker thread');
const port = parentPort;
/** @type {import('./thread-protocol.js').ThreadData} */
const data = workerData;
/** The lent budget slot (see ThreadBudget): pools on this thread may use it while a task runs. */
const lend = { active: false, inUse: false };
/** @type {Record<symbol, unknown>} */ (globalThis)[Symbol.for('strata.threads.context')] = {
  budget: data.budget,
  lend,
};

let tsx = false;
/** @param {string | URL} url */
async function load(url) {
  const href = String(url);
  if (href.endsWith('.ts') && !tsx) {
    // TypeScript sources (tests, development) need tsx's loader in this thread.
    const { register } = await import('tsx/esm/api');
    register();
    tsx = true;
  }
  return import(href);
}

/** @param {import('./thread-protocol.js').FromThread} message @param {readonly import('node:worker_threads').TransferListItem[]} [transfer] */
function post(message, transfer = []) {
  // A buffer named twice (two tensors over one buffer) would make postMessage throw.
  port.postMessage(message, [...new Set(transfer)]);
}

/** @param {'debug' | 'info' | 'warn' | 'error'} level */
const log = (level) => (/** @type {object} */ obj, /** @type {string | undefined} */ msg) => {
  try {
    post({ type: 'log', level, obj, msg });
  } catch {
    post({ type: 'log', level, obj: {}, msg });
  }
};
/** @type {import('../log.js').Logger} */
const logger = {
  debug: log('debug'),
  info: log('info'),
  warn: log('warn'),
  error: log('error'),
  child: () => logger,
};

// A rejection a task leaves behind must not take down the thread (and with it the next task).
process.on('unhandledRejection', (reason) =>
  logger.error({ error: serializeError(reason) }, 'unhandled rejection in a pool thread'),
);

/** @type {Record<string, unknown> | undefined} */
let mod;
const setupDone = (async () => {
  try {
    mod = /** @type {Record<string, unknown>} */ (await load(data.module));
    const setup = /** @type {((init: unknown, ctx: object) => unknown) | undefined} */ (mod.setup);
    post({ type: 'ready', info: setup ? await setup(data.init, { logger, threadId, load }) : undefined });
  } catch (err) {
    post({ type: 'setup-failed', error: serializeError(err) });
  }
})();

/** @type {Map<number, AbortController>} */
const running = new Map();
/** @type {Map<number, { resolve: (v: unknown) => void, reject: (e: Error) => void }>} */
const replies = new Map();
let seq = 0;

/** @param {number} deadline */
const pastDeadline = (deadline) =>
  Object.assign(new Error(`the task passed its deadline (${new Date(deadline).toISOString()})`), {
    name: 'DeadlineError',
    code: 'DEADLINE_EXCEEDED',
    context: { deadline },
    toJSON() {},
  });

/** @param {Extract<import('./thread-protocol.js').ToThread, { type: 'run' }>} msg */
async function run(msg) {
  const { id } = msg;
  const controller = new AbortController();
  running.set(id, controller);
  // A deadline past a timer's range (about 24 days) cannot pass while the task runs.
  const timer =
    msg.deadline === undefined || msg.deadline - Date.now() >= 2 ** 31 - 1
      ? undefined
      : setTimeout(
          () => controller.abort(pastDeadline(/** @type {number} */ (msg.deadline))),
          msg.deadline - Date.now(),
        );
  lend.active = msg.lend;
  let ended = false;
  /** @type {import('node:worker_threads').TransferListItem[]} */
  const transfer = [];
  const ctx = {
    signal: controller.signal,
    deadline: msg.deadline,
    threadId,
    logger,
    load,
    /** @param {import('node:worker_threads').TransferListItem[]} items */
    transfer: (...items) => void transfer.push(...items),
    /** @param {unknown} value @param {readonly import('node:worker_threads').TransferListItem[]} [t] */
    send: (value, t) => void (ended || post({ type: 'message', id, value }, t)),
    /** @param {unknown} value @param {readonly import('node:worker_threads').TransferListItem[]} [t] */
    request: (value, t) =>
      ended
        ? Promise.reject(new Error('the task has ended'))
        : new Promise((resolve, reject) => {
            const n = ++seq;
            replies.set(n, { resolve, reject });
            post({ type: 'request', id, seq: n, value }, t);
          }),
  };
  try {
    const fn = mod?.[msg.task];
    if (typeof fn !== 'function' || msg.task === 'setup' || msg.task === 'teardown')
      throw Object.assign(new Error(`the thread module ${data.module} has no task "${msg.task}"`), {
        name: 'InvalidArgumentError',
        code: 'INVALID_ARGUMENT',
        context: { argument: 'task', value: msg.task },
        toJSON() {},
      });
    const value = await fn(msg.input, ctx);
    ended = true;
    try {
      post({ type: 'done', id, value }, transfer);
    } catch (err) {
      // A result that cannot cross (a function, a native handle) fails the task, not the thread.
      post({ type: 'failed', id, error: serializeError(err) });
    }
  } catch (err) {
    ended = true;
    post({ type: 'failed', id, error: serializeError(err) });
  } finally {
    clearTimeout(timer);
    running.delete(id);
    lend.active = false;
  }
}

async function close() {
  await setupDone;
  try {
    const teardown = /** @type {(() => unknown) | undefined} */ (mod?.teardown);
    await teardown?.();
  } catch (err) {
    logger.error({ error: serializeError(err) }, 'a pool thread failed to tear down');
  }
  post({ type: 'closed' });
}

port.on('message', (/** @type {import('./thread-protocol.js').ToThread} */ msg) => {
  if (msg.type === 'run') void run(msg);
  else if (msg.type === 'abort') running.get(msg.id)?.abort(msg.reason);
  else if (msg.type === 'reply') {
    const waiting = replies.get(msg.seq);
    replies.delete(msg.seq);
    if (msg.error) waiting?.reject(Object.assign(new Error(msg.error.message), msg.error));
    else waiting?.resolve(msg.value);
  } else if (msg.type === 'close') void close();
});
