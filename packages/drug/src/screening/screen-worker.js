// A screening worker thread: its own RDKit instance and Screener, screening batches of records on
// request, so that a screening uses every core. Plain JavaScript so that it runs from the sources as
// well as from the build.
import { parentPort, workerData } from 'node:worker_threads';

if (!parentPort) throw new Error('screen-worker.js must run in a worker thread');
const port = parentPort;
/** @type {{ module: string, options: unknown, modelsDir?: string }} */
const data = workerData;

/** @param {unknown} err */
const describe = (err) => ({
  code:
    typeof (/** @type {{ code?: unknown }} */ (err ?? {}).code) === 'string'
      ? /** @type {{ code: string }} */ (err).code
      : 'RDKIT_FAILED',
  message: err instanceof Error ? err.message : String(err),
});

try {
  if (data.module.endsWith('.ts')) {
    // Running from TypeScript sources (tests, development) needs tsx's loader in this thread.
    const { register } = await import('tsx/esm/api');
    register();
  }
  /** @type {typeof import('./screen-batch.js')} */
  const { BatchScreener } = await import(data.module);
  const screener = await BatchScreener.create(data.options, data.modelsDir);
  port.on(
    'message',
    async (/** @type {{ id: number, records: import('../readers/record.js').MoleculeRecord[] }} */ msg) => {
      try {
        port.postMessage({ type: 'done', id: msg.id, rows: await screener.screen(msg.records) });
      } catch (err) {
        port.postMessage({ type: 'failed', id: msg.id, error: describe(err) });
      }
    },
  );
  port.postMessage({ type: 'ready', rdkit: screener.rdkitVersion, columns: screener.columns });
} catch (err) {
  port.postMessage({ type: 'failed', id: -1, error: describe(err) });
}
