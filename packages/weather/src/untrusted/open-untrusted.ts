import { basename } from 'node:path';
import { isStrataError, type StrataError } from '@strata/core';
import { threadModuleUrl, WorkerPool } from '@strata/core/node';
import { lookupVariable } from '../cf/lookup.js';
import { GridError } from '../errors.js';
import type { FieldRequest, GridSource, GridVariable } from '../grid-source.js';
import type * as ReaderThread from './grid-reader-thread.js';

const READER_THREAD = threadModuleUrl(import.meta.url, './grid-reader-thread.js');

/** Limits of {@link openUntrustedGridFile}. */
export interface UntrustedGridOptions {
  /** The reader thread's heap cap in MB (`resourceLimits.maxOldGenerationSizeMb`). @defaultValue `512` */
  readonly maxHeapMb?: number;
  /** How long the open, and each field read, may take before the reader thread is ended. @defaultValue `60_000` */
  readonly timeoutMs?: number;
  /** Cancels the open and any read in progress. */
  readonly signal?: AbortSignal;
  /**
   * What messages call the file: an upload stored under a random name is called by the name its
   * sender gave it. @defaultValue the path's base name
   */
  readonly name?: string;
}

/** How long a reader past its time limit may take to notice before its thread is terminated. */
const STOP_GRACE_MS = 1_000;

/**
 * Opens a grid file that came from someone else (an upload) as a {@link GridSource} whose reading runs
 * on a thread of its own, with a heap cap and a time limit. The readers check every size a header
 * claims against the file before allocating from it; this contains what checks cannot foresee: a
 * file that runs its reader's heap out, traps inside h5wasm (whose instance is then broken for good),
 * or never finishes ends only its own thread, and the caller gets `GRID_FORMAT` naming the limit
 * (the caller's thread, and the process, go on). After such a failure the source is closed; the next
 * file gets a fresh thread, and with it a fresh h5wasm instance.
 *
 * @example
 * ```ts
 * const truth = await openUntrustedGridFile(upload.path, { name: upload.name, maxHeapMb: 256, timeoutMs: 30_000 });
 * try {
 *   const field = await truth.readField({ variable: 't2m', time: new Date('2019-03-10T06:00Z') });
 * } finally {
 *   truth.close();
 * }
 * ```
 */
export async function openUntrustedGridFile(
  path: string,
  options: UntrustedGridOptions = {},
): Promise<GridSource> {
  const { maxHeapMb = 512, timeoutMs = 60_000, signal, name = basename(path) } = options;
  const pool = WorkerPool.start<typeof ReaderThread>({
    module: READER_THREAD,
    name: 'grid-reader',
    lazy: true,
    errors: [GridError],
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    stopGraceMs: STOP_GRACE_MS,
    graceMs: STOP_GRACE_MS,
    // The caller waits for each answer, so the reader never runs beside it: it takes no thread slot.
    budget: false,
  });
  let broken: Error | undefined;
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    if (broken) throw broken;
    try {
      return await run();
    } catch (err) {
      const failure = contained(err, name, { maxHeapMb, timeoutMs });
      // A file that broke its reader is not read again: the thread (and its h5wasm) goes.
      if (isStrataError(failure, 'GRID_FORMAT') || failure !== err) {
        broken = failure;
        void pool.close();
      }
      throw failure;
    }
  };
  const task = () => ({ deadline: Date.now() + timeoutMs, ...(signal ? { signal } : {}) });
  let opened: ReaderThread.OpenedGrid;
  try {
    opened = await call(() => pool.run('open', { path, name }, task()));
  } catch (err) {
    void pool.close(); // whatever the reason, a file that did not open leaves no thread behind
    throw err;
  }
  const variables = opened.variables;
  const raws = variables.map((v, i) => ({
    name: v.name,
    dims: [],
    shape: [],
    type: '',
    attributes: opened.lookup[i]!,
  }));
  const byName = new Map(variables.map((v) => [v.name, v]));
  const find = (wanted: string): GridVariable => byName.get(lookupVariable(raws, wanted, name).name)!;
  return {
    name,
    format: opened.format,
    variables,
    describe: find,
    readField: async (request: FieldRequest) => {
      const info = find(request.variable);
      const field = await call(() => pool.run('read', { ...request, variable: info.name }, task()));
      return { ...field, latitude: info.latitude, longitude: info.longitude };
    },
    close: () => void pool.close(),
  };
}

/** What a reader thread's end means to the caller: `GRID_FORMAT` naming the limit the file ran into. */
function contained(err: unknown, source: string, limits: { maxHeapMb: number; timeoutMs: number }): Error {
  const because = (why: string) =>
    new GridError('GRID_FORMAT', `${source} could not be read: ${why}`, {
      context: { source },
      cause: err,
    });
  if (isStrataError(err, 'THREAD_OUT_OF_MEMORY'))
    return because(`reading it passed the reader's memory cap of ${limits.maxHeapMb} MB`);
  if (isStrataError(err, 'DEADLINE_EXCEEDED'))
    return because(`reading it took longer than the reader's limit of ${limits.timeoutMs} ms`);
  if (isStrataError(err, 'THREAD_EXITED'))
    return because(`its reader thread ended (${(err as StrataError).message})`);
  // Anything but a Strata error is the reader failing on bytes it did not expect.
  if (!isStrataError(err)) return because(err instanceof Error ? err.message : String(err));
  return err;
}
