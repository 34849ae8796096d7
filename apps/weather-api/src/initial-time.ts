import { parseUtcTime } from '@strata/core';
import { HttpError } from '@strata/service';
import { initialTimes, type GridSource } from '@strata/weather';
import { openGridFile } from '@strata/weather/node';
import type { WeatherModel } from './catalog.js';
import type { UntrustedReads } from './untrusted-reads.js';

/** Where an initial state comes from: a dataset of the server's, or an upload (read as untrusted). */
export interface InitialFile {
  readonly path: string;
  /** What messages call it: the dataset id, or the name its sender gave the upload. */
  readonly name: string;
  readonly untrusted: boolean;
  /**
   * The request field that chose it, for a file the model cannot start from: `body.dataset`, or
   * `body` for an upload (the file is the request's body, its options in the query).
   */
  readonly field: string;
}

/** What a forecast asks to start from, and where in the request it asked (`query` with an upload). */
export interface InitialRequest {
  readonly init: string | undefined;
  readonly file: InitialFile;
  readonly part: 'query' | 'body';
}

/**
 * An upload's reader thread only reads the file's description (its header and coordinates) here: a
 * small heap is plenty (32 MB reads every reference file; 64 leaves room for long coordinates), where
 * the default is sized for reading fields.
 */
const DESCRIBE_HEAP_MB = 64;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Opens an initial-state file to read its description: an upload on a reader thread of its own (one
 * of the app's `reads`, with a small heap), a dataset of the server's here.
 */
export function openInitial(
  file: InitialFile,
  options: { reads: UntrustedReads; signal?: AbortSignal | undefined },
): Promise<GridSource> {
  const { reads, signal } = options;
  return file.untrusted
    ? reads.open(file.path, { name: file.name, maxHeapMb: DESCRIBE_HEAP_MB, ...(signal ? { signal } : {}) })
    : openGridFile(file.path, { name: file.name });
}

/**
 * The initial time a forecast of `model` from `source` starts at, as ISO 8601: `init` when the file
 * holds every field the model starts from at that time, else, without `init`, the first time it does.
 * A 400 names the field: `query.init` or `body.init` for a time that is no time or one the file
 * cannot start from, `file.field` for a file the model cannot start from at all (the reason says what
 * it lacks).
 */
export function initialTimeOf(source: GridSource, model: WeatherModel, request: InitialRequest): string {
  const { times, reason } = initialTimes(source, model.spec);
  const { init, file } = request;
  const initField = `${request.part}.init`;
  if (!times.length)
    throw new HttpError(
      'VALIDATION_FAILED',
      `${file.field}: ${model.id} cannot start from ${file.name}: ${reason}`,
      {
        extra: { field: file.field },
      },
    );
  if (init === undefined || init.trim() === '') return iso(times[0]!);
  const ms = parseUtcTime(init);
  if (Number.isNaN(ms))
    throw new HttpError('VALIDATION_FAILED', `${initField}: "${init}" is not an ISO 8601 time`, {
      extra: { field: initField },
    });
  if (!times.includes(ms))
    throw new HttpError(
      'VALIDATION_FAILED',
      `${initField}: ${file.name} cannot start ${model.id} at ${iso(ms)}; it can at ${times.length} times from ${iso(times[0]!)} to ${iso(times.at(-1)!)} (leave init out for the first)`,
      { extra: { field: initField } },
    );
  return iso(ms);
}
