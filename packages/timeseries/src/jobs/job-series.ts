import { createReadStream, openSync, readFileSync, readSync, closeSync } from 'node:fs';
import { basename } from 'node:path';
import { isStrataError } from '@strata/core';
import { SeriesError } from '../errors.js';
import { readLongArrow } from '../series/long-arrow.js';
import { readLongCsvStream } from '../series/long-csv.js';
import type { SeriesSet } from '../series/long-format.js';

/** What a job knows of its input file. */
export interface JobSeriesInput {
  readonly input: string;
  /**
   * What the job's failures call the file: an upload's name as its sender gave it (the file is
   * stored under a random one). @defaultValue the file's base name
   */
  readonly inputName?: string;
  readonly period?: number;
  readonly missing?: 'error' | 'interpolate';
}

/** Whether a file is Arrow IPC: by its `.arrow` name, else by its first bytes (a file's magic, a stream's marker). */
function isArrow(path: string): boolean {
  if (path.endsWith('.arrow')) return true;
  const head = Buffer.alloc(6);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 6, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString('latin1') === 'ARROW1' || head.readUInt32LE(0) === 0xffffffff;
}

/**
 * A job's long-format file of series: a CSV streamed (in one pass, the job's cancel honoured between
 * chunks), an Arrow file (by its name or its first bytes) whole. A file that holds no row at all fails
 * the job with `SERIES_FORMAT`; every failure to read the file names it.
 */
export async function readJobSeries(input: JobSeriesInput, signal: AbortSignal): Promise<SeriesSet> {
  const name = input.inputName ?? basename(input.input);
  const options = {
    ...(input.period !== undefined ? { period: input.period } : {}),
    ...(input.missing ? { missing: input.missing } : {}),
    invalidSeries: 'report' as const,
    signal,
  };
  let set: SeriesSet;
  try {
    set = isArrow(input.input)
      ? readLongArrow(readFileSync(input.input), options)
      : await readLongCsvStream(createReadStream(input.input), options);
  } catch (err) {
    if (!isStrataError(err, 'SERIES_FORMAT', 'COLUMN_NOT_FOUND')) throw err;
    const { code, message, context } = err as SeriesError;
    throw new SeriesError(code, `${name}: ${message}`, { context, cause: err });
  }
  if (!set.series.length && !set.failed.length)
    throw new SeriesError('SERIES_FORMAT', `${name} holds no series: it has a header and no rows`);
  return set;
}
