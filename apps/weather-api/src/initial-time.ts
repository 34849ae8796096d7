import { parseUtcTime } from '@strata/core';
import { HttpError } from '@strata/service';
import { initialTimes, type GridSource } from '@strata/weather';
import { openGridFile, openUntrustedGridFile } from '@strata/weather/node';
import type { WeatherModel } from './catalog.js';

/** Where an initial state comes from: a dataset of the server's, or an upload (read as untrusted). */
export interface InitialFile {
  readonly path: string;
  /** What messages call it: the dataset id, or the name its sender gave the upload. */
  readonly name: string;
  readonly untrusted: boolean;
  /** The request field that chose it (`body.dataset`, `file`), for a file the model cannot start from. */
  readonly field: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Opens an initial-state file: an upload on a reader thread of its own, a dataset of the server's here. */
export function openInitial(file: InitialFile, signal?: AbortSignal): Promise<GridSource> {
  return file.untrusted
    ? openUntrustedGridFile(file.path, { name: file.name, ...(signal ? { signal } : {}) })
    : openGridFile(file.path, { name: file.name });
}

/**
 * The initial time a forecast of `model` from `source` starts at, as ISO 8601: `init` when the file
 * holds every field the model starts from at that time, else, without `init`, the first time it does.
 * A 400 names the field: `init` for a time that is no time or one the file cannot start from,
 * `file.field` for a file the model cannot start from at all (the reason says what it lacks).
 */
export function initialTimeOf(
  source: GridSource,
  model: WeatherModel,
  request: { init: string | undefined; file: InitialFile },
): string {
  const { times, reason } = initialTimes(source, model.spec);
  const { init, file } = request;
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
    throw new HttpError('VALIDATION_FAILED', `init: "${init}" is not an ISO 8601 time`, {
      extra: { field: 'init' },
    });
  if (!times.includes(ms))
    throw new HttpError(
      'VALIDATION_FAILED',
      `init: ${file.name} cannot start ${model.id} at ${iso(ms)}; it can at ${times.length} times from ${iso(times[0]!)} to ${iso(times.at(-1)!)} (leave init out for the first)`,
      { extra: { field: 'init' } },
    );
  return iso(ms);
}
