// The baseline of the job benchmark: a bare worker thread answering postMessage with the same work.
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (msg: { id: number; n: number }) =>
  parentPort!.postMessage({ id: msg.id, n: msg.n + 1 }),
);
