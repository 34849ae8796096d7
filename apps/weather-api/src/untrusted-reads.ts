import { InvalidArgumentError } from '@strata/core';
import { HttpError } from '@strata/service';
import type { GridSource } from '@strata/weather';
import { openUntrustedGridFile, type UntrustedGridOptions } from '@strata/weather/node';

/** Options of {@link UntrustedReads}. */
export interface UntrustedReadsOptions {
  /** Uploaded grid files open at once, each on a reader thread of its own. @defaultValue `4` */
  readonly limit?: number;
  /** What a refused request's `Retry-After` says, in seconds. @defaultValue `2` */
  readonly retryAfterSeconds?: number;
}

/**
 * The uploaded grid files one app has open at once. Each is read on a thread of its own with a heap
 * of its own (up to 512 MB), so without a limit a burst of uploads starts a thread per request and
 * their heaps add up past the machine's memory. Past the limit a request is answered 503
 * `QUEUE_FULL` with `Retry-After` at once, as a full queue is, rather than left waiting for a
 * reader. Every route that opens an upload opens it here, so they share the limit.
 *
 * @example
 * ```ts
 * const reads = new UntrustedReads({ limit: 2 });
 * const truth = await reads.open(upload.path, { name: upload.label, signal });
 * try {
 *   const field = await truth.readField({ variable: 't2m' });
 * } finally {
 *   truth.close(); // frees its place
 * }
 * ```
 */
export class UntrustedReads {
  readonly limit: number;
  private readonly retryAfterSeconds: number;
  private opened = 0;

  constructor(options: UntrustedReadsOptions = {}) {
    const { limit = 4, retryAfterSeconds = 2 } = options;
    for (const [name, value] of [
      ['limit', limit],
      ['retryAfterSeconds', retryAfterSeconds],
    ] as const)
      // Retry-After is whole seconds; a limit of none would refuse every upload.
      if (!Number.isInteger(value) || value < 1)
        throw new InvalidArgumentError(name, `${name} must be a whole number of at least 1, not ${value}`, {
          value,
        });
    this.limit = limit;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Files open now (each holds its place from the start of its open until it is closed). */
  get inUse(): number {
    return this.opened;
  }

  /**
   * Opens an uploaded file on a reader thread of its own (see `openUntrustedGridFile`), holding one of
   * the app's places until the source is closed or fails to open; throws `QUEUE_FULL` (503, with
   * `Retry-After`) when every place is taken.
   */
  async open(path: string, options: UntrustedGridOptions = {}): Promise<GridSource> {
    if (this.opened >= this.limit)
      throw new HttpError(
        'QUEUE_FULL',
        `the server is reading as many uploaded files as it reads at once (${this.limit}); send this one again in ${this.retryAfterSeconds} s`,
        { headers: { 'Retry-After': String(this.retryAfterSeconds) } },
      );
    this.opened++;
    let held = true;
    const release = () => {
      if (held) this.opened--;
      held = false;
    };
    try {
      const source = await openUntrustedGridFile(path, options);
      return {
        name: source.name,
        format: source.format,
        variables: source.variables,
        describe: (variable) => source.describe(variable),
        readField: (request) => source.readField(request),
        close: () => {
          release();
          source.close();
        },
      };
    } catch (err) {
      release();
      throw err;
    }
  }
}

/**
 * What opening an uploaded grid file can answer, for a route's documented errors: a file that is no grid
 * or one Strata does not read, a variable, level or time it lacks, and every reader place taken.
 */
export const GRID_UPLOAD_ERRORS = [
  'GRID_FORMAT',
  'GRID_UNSUPPORTED',
  'VARIABLE_NOT_FOUND',
  'LEVEL_NOT_FOUND',
  'TIME_NOT_FOUND',
  'QUEUE_FULL',
] as const;
