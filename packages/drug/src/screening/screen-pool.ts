import { Worker } from 'node:worker_threads';
import { DrugError } from '../errors.js';
import type { MoleculeRecord } from '../readers/record.js';
import { BatchScreener } from './screen-batch.js';
import type { ScreenColumn, ScreenRow } from './screener.js';

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const WORKER = new URL('./screen-worker.js', import.meta.url);
const BATCH_MODULE = new URL(`./screen-batch${ext}`, import.meta.url);

type Reply =
  | { type: 'ready'; rdkit: string; columns: ScreenColumn[] }
  | { type: 'done'; id: number; rows: ScreenRow[] }
  | { type: 'failed'; id: number; error: { code: string; message: string } };

/** Screens batches of records: on worker threads (one RDKit each), or on this thread with zero workers. */
export interface ScreenPool {
  readonly rdkitVersion: string;
  /** The columns of the rows it makes, in order, with their types. */
  readonly columns: readonly ScreenColumn[];
  /** Number of batches it screens at once. */
  readonly concurrency: number;
  screen(records: readonly MoleculeRecord[]): Promise<ScreenRow[]>;
  close(): Promise<void>;
}

/**
 * A pool of `workers` screening threads, each with its own RDKit instance and screener; batches go to
 * the least busy. With `workers: 0` batches are screened on the calling thread.
 */
export async function createScreenPool(
  options: unknown,
  workers: number,
  modelsDir?: string,
): Promise<ScreenPool> {
  if (workers === 0) {
    const local = await BatchScreener.create(options, modelsDir);
    return {
      rdkitVersion: local.rdkitVersion,
      columns: local.columns,
      concurrency: 1,
      screen: (records) => local.screen(records),
      close: () => local.dispose(),
    };
  }
  const threads = Array.from(
    { length: workers },
    () => new Worker(WORKER, { workerData: { module: BATCH_MODULE.href, options, modelsDir } }),
  );
  const busy = threads.map(() => 0);
  const waiting = new Map<number, { resolve: (rows: ScreenRow[]) => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;
  const fail = (err: Error) => {
    failure ??= err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  const ready = threads.map(
    (t, i) =>
      new Promise<{ rdkit: string; columns: ScreenColumn[] }>((resolve, reject) => {
        t.on('message', (m: Reply) => {
          if (m.type === 'ready') return resolve(m);
          if (m.type === 'failed' && m.id < 0)
            return reject(new DrugError(m.error.code as 'RDKIT_FAILED', m.error.message));
          busy[i]!--;
          const w = waiting.get(m.id);
          waiting.delete(m.id);
          if (m.type === 'done') w?.resolve(m.rows);
          else w?.reject(new DrugError(m.error.code as 'RDKIT_FAILED', m.error.message));
        });
        t.on('error', (err) => {
          reject(err);
          fail(err);
        });
        t.on('exit', (code) =>
          fail(new DrugError('RDKIT_FAILED', `a screening thread exited with code ${code}`)),
        );
      }),
  );
  let readies: { rdkit: string; columns: ScreenColumn[] }[];
  try {
    readies = await Promise.all(ready);
  } catch (err) {
    await Promise.all(threads.map((t) => t.terminate()));
    throw err;
  }
  let nextId = 0;
  return {
    rdkitVersion: readies[0]!.rdkit,
    columns: readies[0]!.columns,
    concurrency: workers,
    screen: (records) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const i = busy.indexOf(Math.min(...busy));
        busy[i]!++;
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        threads[i]!.postMessage({ id, records });
      }),
    close: async () => {
      failure ??= new DrugError('RDKIT_FAILED', 'the screening pool is closed');
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}
