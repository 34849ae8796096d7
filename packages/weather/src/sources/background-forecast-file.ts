import { Worker } from 'node:worker_threads';
import { GridError } from '../errors.js';
import type { GridModelSpec } from '../model/grid-model.js';
import type { GridState } from '../model/rollout.js';
import type { ForecastFileOptions } from './forecast-file.js';

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const WORKER = new URL('./forecast-writer-thread.js', import.meta.url);
const FORECAST_FILE = new URL(`./forecast-file${ext}`, import.meta.url);

type Reply =
  | { type: 'ready'; leads: number[] }
  | { type: 'done'; id: number; state?: GridState }
  | { type: 'failed'; id: number; error: { code: string; message: string } };

/**
 * A {@link ForecastFile} on its own thread: `write` copies the state and returns once the previous
 * write has finished, so writing one lead (hundreds of MB at 0.25°) overlaps the next model run instead
 * of adding to it. At most one write is in flight: memory stays bounded.
 *
 * @example
 * ```ts
 * const out = await BackgroundForecastFile.create('forecast.nc', { spec, initTime });
 * await rollout({ models, initial, leads, emit: (lead, state) => out.write(lead, state).then(() => undefined) });
 * await out.close();
 * ```
 */
export class BackgroundForecastFile {
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (s?: GridState) => void; reject: (e: Error) => void }
  >();
  private inFlight: Promise<unknown> = Promise.resolve();
  private readonly leads: number[];

  private constructor(
    private readonly worker: Worker,
    leads: number[],
  ) {
    this.leads = leads;
    worker.on('message', (m: Reply) => {
      if (m.type === 'ready') return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.type === 'done') w?.resolve(m.state);
      else w?.reject(new GridError(m.error.code as 'GRID_FORMAT', m.error.message, {}));
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) =>
      this.failAll(new GridError('GRID_FORMAT', `the forecast writer thread exited with code ${code}`, {})),
    );
  }

  /** Creates the file on a writer thread. */
  static create(path: string, options: ForecastFileOptions): Promise<BackgroundForecastFile> {
    return BackgroundForecastFile.start({ mode: 'create', path, options });
  }

  /** Reopens a forecast file on a writer thread, to read its leads back and append more. */
  static open(path: string, spec: GridModelSpec): Promise<BackgroundForecastFile> {
    return BackgroundForecastFile.start({ mode: 'open', path, spec });
  }

  private static start(workerData: Record<string, unknown>): Promise<BackgroundForecastFile> {
    const worker = new Worker(WORKER, { workerData: { ...workerData, module: FORECAST_FILE.href } });
    return new Promise((resolve, reject) => {
      const onMessage = (m: Reply) => {
        worker.off('message', onMessage);
        if (m.type === 'ready') resolve(new BackgroundForecastFile(worker, m.leads));
        else {
          void worker.terminate();
          reject(
            new GridError(
              'GRID_FORMAT',
              'error' in m ? m.error.message : 'the forecast writer did not start',
              {},
            ),
          );
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  }

  /** Leads on disk so far, in hours. */
  get writtenLeads(): readonly number[] {
    return this.leads;
  }

  /**
   * Starts writing the state at `lead` once the previous write is done, and resolves then (the state is
   * copied to the writer, so the caller may go on). `written` resolves when this lead is on disk.
   */
  async write(lead: number, state: GridState): Promise<{ written: Promise<void> }> {
    await this.inFlight;
    const written = this.call({ type: 'write', lead, state }).then(() => void this.leads.push(lead));
    this.inFlight = written.catch(() => undefined);
    return { written };
  }

  /** Reads the state at a lead back. */
  async read(lead: number): Promise<GridState> {
    await this.inFlight;
    return (await this.call({ type: 'read', lead }))!;
  }

  /** Waits for the last write, closes the file and ends the thread. */
  async close(): Promise<void> {
    await this.inFlight;
    await this.call({ type: 'close' });
    await this.worker.terminate();
  }

  private call(msg: Record<string, unknown>): Promise<GridState | undefined> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
