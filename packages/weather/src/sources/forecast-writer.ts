import { availableParallelism } from 'node:os';
import type { ModelSession } from '@strata/core';
import { openWorkerPool, threadModuleUrl } from '@strata/core/node';
import { GridError } from '../errors.js';
import type { GridModelSpec } from '../model/grid-model.js';
import type { GridState } from '../model/rollout.js';
import { ForecastFile, type ForecastFileOptions } from './forecast-file.js';

import type * as WriterThread from './forecast-writer-thread.js';

const WRITER_THREAD = threadModuleUrl(import.meta.url, './forecast-writer-thread.js');

/** A request to the file's owner; the worker thread answers the same ones with {@link serveRequest}. */
export type WriterRequest =
  | { readonly type: 'write'; readonly lead: number; readonly state: GridState }
  | { readonly type: 'read'; readonly lead: number }
  | { readonly type: 'close' };

/** Where the file lives: a path and how to open it. */
export type WriterTarget =
  | { readonly mode: 'create'; readonly path: string; readonly options: ForecastFileOptions }
  | { readonly mode: 'open'; readonly path: string; readonly spec: GridModelSpec };

/** Opens the target's file (in whichever thread owns it). */
export function openTarget(target: WriterTarget): Promise<ForecastFile> {
  return target.mode === 'open'
    ? ForecastFile.open(target.path, target.spec)
    : ForecastFile.create(target.path, target.options);
}

/** Carries out one request on the file; a read's state is returned. */
export function serveRequest(file: ForecastFile, request: WriterRequest): GridState | undefined {
  if (request.type === 'write') file.write(request.lead, request.state);
  else if (request.type === 'read') return file.read(request.lead);
  else file.close();
  return undefined;
}

type Call = (request: WriterRequest) => Promise<GridState | undefined>;

/**
 * A {@link ForecastFile} behind an asynchronous API, written in line or on its own thread. On its own
 * thread, `write` copies the state to memory shared with the writer and returns, so storing one lead
 * (287 MB at 0.25°) overlaps the next model run: what a GPU user would otherwise wait for on every
 * step. At most one write is in flight, so memory stays bounded.
 *
 * @example
 * ```ts
 * const out = await ForecastWriter.create('forecast.nc', { spec, initTime }, { thread: true });
 * await rollout({ models, initial, leads, emit: async (lead, state) => void (await out.write(lead, state)) });
 * await out.close();
 * ```
 */
export class ForecastWriter {
  private inFlight: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly staging: Record<string, Float32Array> = {};

  private constructor(
    private readonly call: Call,
    private readonly leads: number[],
    private readonly end: () => Promise<unknown>,
    private readonly inline: boolean,
  ) {}

  /** Creates the forecast file (replacing any file at `path`). */
  static create(
    path: string,
    options: ForecastFileOptions,
    how: { readonly thread: boolean },
  ): Promise<ForecastWriter> {
    return ForecastWriter.start({ mode: 'create', path, options }, how.thread);
  }

  /** Reopens a forecast file to read its leads back and append more. */
  static open(path: string, spec: GridModelSpec, how: { readonly thread: boolean }): Promise<ForecastWriter> {
    return ForecastWriter.start({ mode: 'open', path, spec }, how.thread);
  }

  private static async start(target: WriterTarget, thread: boolean): Promise<ForecastWriter> {
    if (thread) {
      const { call, leads, end } = await startThread(target);
      return new ForecastWriter(call, leads, end, false);
    }
    const file = await openTarget(target);
    const call: Call = (request) => Promise.resolve().then(() => serveRequest(file, request));
    return new ForecastWriter(call, [...file.writtenLeads], async () => undefined, true);
  }

  /** Leads on disk so far, in hours. */
  get writtenLeads(): readonly number[] {
    return this.leads;
  }

  /**
   * Starts writing the state at `lead` once the previous write is done, and resolves then. In line, the
   * lead is on disk by then; on a thread, the state has been copied and `written` resolves once it is on
   * disk (or rejects with the write's error).
   */
  async write(lead: number, state: GridState): Promise<{ written: Promise<void> }> {
    await this.inFlight;
    const staged = this.inline ? state : this.stage(state);
    const written = this.call({ type: 'write', lead, state: staged }).then(() => void this.leads.push(lead));
    this.inFlight = written.catch(() => undefined);
    // In line, the lead is on disk (or failed) before this returns, as with a ForecastFile.
    if (this.inline) await written;
    return { written };
  }

  /**
   * Copies a state into memory shared with the writer thread, which then reads it in place: one copy
   * into buffers reused lead after lead, instead of a structured clone into fresh memory on both sides.
   * One buffer set suffices, as a write starts only once the previous one is done.
   */
  private stage(state: GridState): GridState {
    for (const [k, v] of Object.entries(state)) {
      if (this.staging[k]?.length !== v.length)
        this.staging[k] = new Float32Array(new SharedArrayBuffer(v.byteLength));
      this.staging[k].set(v);
    }
    return this.staging;
  }

  /** Reads the state at a lead back (to resume a rollout from it). */
  async read(lead: number): Promise<GridState> {
    await this.inFlight;
    return (await this.call({ type: 'read', lead }))!;
  }

  /** Waits for the last write, then closes the file (and ends the thread). */
  async close(): Promise<void> {
    // Idempotent: a job closes its writer before post-processing the file, and again in its cleanup.
    if (this.closed) return;
    this.closed = true;
    await this.inFlight;
    try {
      await this.call({ type: 'close' });
    } finally {
      await this.end();
    }
  }
}

/**
 * Starts the writer thread (a pool of one, outside the thread budget: it mostly waits for the disk, and
 * `writeOnThread` already weighs it against the cores); resolves once it has opened the file. Its
 * errors keep their class and code (a `GridError`, an `InvalidArgumentError` for a lead out of order).
 */
async function startThread(
  target: WriterTarget,
): Promise<{ call: Call; leads: number[]; end: () => Promise<unknown> }> {
  const { pool, ready } = await openWorkerPool<typeof WriterThread>({
    module: WRITER_THREAD,
    name: 'forecast-writer',
    init: target,
    budget: false,
    errors: [GridError],
  });
  return { call: (request) => pool.run('serve', request), leads: ready.leads, end: () => pool.close() };
}

/**
 * Whether a rollout should write on its own thread: when the models run on an accelerator (the thread
 * that waits for it is idle) or when cores are left over beside the model's threads. On a small CPU-only
 * machine the writer would compete with the model run, and writing in line is faster.
 */
export function writeOnThread(
  sessions: readonly Pick<ModelSession, 'executionProviders'>[],
  intraOpThreads: number,
  cores = availableParallelism(),
): boolean {
  const accelerated = sessions.some((s) => s.executionProviders.some((p) => p !== 'cpu'));
  return accelerated || cores > intraOpThreads + 1;
}
