// The worker-thread side of the threaded backend: owns one session of the wrapped backend and runs it
// on request, so that ONNX Runtime's blocking run() never stalls the thread that answers requests.
// Plain JavaScript so that it runs from the sources as well as from the build.
import { parentPort, workerData } from 'node:worker_threads';

if (!parentPort) throw new Error('session-worker.js must run in a worker thread');
const port = parentPort;
/** @type {{ module: string, exportName: string, backendOptions: Record<string, unknown>, source: { path: string } | { bytes: Uint8Array }, sessionOptions: Record<string, unknown> | undefined }} */
const data = workerData;

/** @param {unknown} err */
function describeError(err) {
  const e = /** @type {{ code?: unknown, message?: unknown, context?: unknown }} */ (err ?? {});
  return {
    code: typeof e.code === 'string' ? e.code : 'INFERENCE_FAILED',
    message: typeof e.message === 'string' ? e.message : String(err),
    context: typeof e.context === 'object' && e.context !== null ? e.context : {},
  };
}

/** @param {'debug' | 'info' | 'warn' | 'error'} level */
const log = (level) => (/** @type {object} */ obj, /** @type {string | undefined} */ msg) =>
  port.postMessage({ type: 'log', level, obj, msg });
/** @type {Record<string, unknown>} */
const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
logger.child = () => logger;

/** @type {{ run: (feeds: unknown) => Promise<Record<string, { data: ArrayLike<unknown> & { buffer?: ArrayBufferLike } }>>, dispose: () => Promise<void>, inputs: unknown, outputs: unknown, executionProviders: unknown }} */
let session;
try {
  if (data.module.endsWith('.ts')) {
    // Running from TypeScript sources (tests, development) needs tsx's loader in this thread.
    const { register } = await import('tsx/esm/api');
    register();
  }
  const mod = await import(data.module);
  const backend = mod[data.exportName]({ ...data.backendOptions, logger });
  session = await backend.createSession(data.source, data.sessionOptions);
  port.postMessage({
    type: 'ready',
    inputs: session.inputs,
    outputs: session.outputs,
    executionProviders: session.executionProviders,
  });
} catch (err) {
  port.postMessage({ type: 'load-failed', error: describeError(err) });
}

port.on('message', async (msg) => {
  if (msg.type === 'run') {
    try {
      const out = await session.run(msg.feeds);
      // Outputs are fresh buffers this thread no longer needs: hand them over instead of copying.
      const transfer = new Set(
        Object.values(out)
          .map((t) => t.data.buffer)
          .filter((b) => b instanceof ArrayBuffer),
      );
      port.postMessage({ type: 'result', id: msg.id, out }, /** @type {ArrayBuffer[]} */ ([...transfer]));
    } catch (err) {
      port.postMessage({ type: 'failed', id: msg.id, error: describeError(err) });
    }
  } else if (msg.type === 'dispose') {
    try {
      await session?.dispose();
    } finally {
      port.postMessage({ type: 'disposed' });
    }
  }
});
