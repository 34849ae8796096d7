// The worker-thread side of BackgroundForecastFile: owns a ForecastFile (h5wasm) so that writing a
// lead overlaps the next model run on the caller's thread. Plain JavaScript so it runs from sources and build.
import { parentPort, workerData } from 'node:worker_threads';

if (!parentPort) throw new Error('forecast-writer-thread.js must run in a worker thread');
const port = parentPort;
/** @type {{ module: string, path: string, spec: unknown, options: unknown, mode: 'create' | 'open' }} */
const data = workerData;

/** @param {unknown} err */
const describe = (err) => ({
  code:
    typeof (/** @type {{code?: unknown}} */ (err)?.code) === 'string'
      ? /** @type {{code: string}} */ (err).code
      : 'GRID_FORMAT',
  message: err instanceof Error ? err.message : String(err),
});

/** @type {{ write(lead: number, state: unknown): void, read(lead: number): Record<string, Float32Array>, close(): void, writtenLeads: readonly number[] }} */
let file;
try {
  if (data.module.endsWith('.ts')) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  const { ForecastFile } = await import(data.module);
  file =
    data.mode === 'open'
      ? await ForecastFile.open(data.path, data.spec)
      : await ForecastFile.create(data.path, data.options);
  port.postMessage({ type: 'ready', leads: [...file.writtenLeads] });
} catch (err) {
  port.postMessage({ type: 'failed', id: -1, error: describe(err) });
}

port.on('message', (msg) => {
  try {
    if (msg.type === 'write') {
      file.write(msg.lead, msg.state);
      port.postMessage({ type: 'done', id: msg.id });
    } else if (msg.type === 'read') {
      const state = file.read(msg.lead);
      port.postMessage(
        { type: 'done', id: msg.id, state },
        Object.values(state).map((a) => /** @type {ArrayBuffer} */ (a.buffer)),
      );
    } else if (msg.type === 'close') {
      file.close();
      port.postMessage({ type: 'done', id: msg.id });
    }
  } catch (err) {
    port.postMessage({ type: 'failed', id: msg.id, error: describe(err) });
  }
});
