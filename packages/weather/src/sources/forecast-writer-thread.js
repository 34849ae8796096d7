// The worker-thread side of a threaded ForecastWriter: owns the ForecastFile (h5wasm) so that writing a
// lead overlaps the next model run on the caller's thread. Plain JavaScript so that it runs from the
// sources as well as from the build.
import { parentPort, workerData } from 'node:worker_threads';

if (!parentPort) throw new Error('forecast-writer-thread.js must run in a worker thread');
const port = parentPort;
/** @type {{ module: string, target: import('./forecast-writer.js').WriterTarget }} */
const data = workerData;

/** @param {unknown} err */
const describe = (err) => {
  const code = /** @type {{ code?: unknown }} */ (err ?? {}).code;
  return {
    code: typeof code === 'string' ? code : 'GRID_FORMAT',
    message: err instanceof Error ? err.message : String(err),
  };
};

try {
  if (data.module.endsWith('.ts')) {
    // Running from TypeScript sources (tests, development) needs tsx's loader in this thread.
    const { register } = await import('tsx/esm/api');
    register();
  }
  /** @type {typeof import('./forecast-writer.js')} */
  const { openTarget, serveRequest } = await import(data.module);
  const file = await openTarget(data.target);
  port.on('message', (/** @type {import('./forecast-writer.js').WriterRequest & { id: number }} */ msg) => {
    try {
      const state = serveRequest(file, msg);
      // A state read back moves to the caller without a copy.
      const transfer = state ? Object.values(state).map((a) => /** @type {ArrayBuffer} */ (a.buffer)) : [];
      port.postMessage({ type: 'done', id: msg.id, state }, transfer);
    } catch (err) {
      port.postMessage({ type: 'failed', id: msg.id, error: describe(err) });
    }
  });
  port.postMessage({ type: 'ready', leads: [...file.writtenLeads] });
} catch (err) {
  port.postMessage({ type: 'failed', id: -1, error: describe(err) });
}
