import { createReadStream, readFileSync } from 'node:fs';
import { SeriesError } from '../errors.js';
import { readLongArrow } from '../series/long-arrow.js';
import { readLongCsvStream } from '../series/long-csv.js';
import type { SeriesSet } from '../series/long-format.js';

/**
 * A job's long-format file of series: a CSV streamed (in one pass, the job's cancel honoured between chunks), an
 * Arrow file whole. A file that holds no row at all fails the job with `SERIES_FORMAT`.
 */
export async function readJobSeries(
  input: { readonly input: string; readonly period?: number; readonly missing?: 'error' | 'interpolate' },
  signal: AbortSignal,
): Promise<SeriesSet> {
  const options = {
    ...(input.period !== undefined ? { period: input.period } : {}),
    ...(input.missing ? { missing: input.missing } : {}),
    invalidSeries: 'report' as const,
    signal,
  };
  const set = input.input.endsWith('.arrow')
    ? readLongArrow(readFileSync(input.input), options)
    : await readLongCsvStream(createReadStream(input.input), options);
  if (!set.series.length && !set.failed.length)
    throw new SeriesError('SERIES_FORMAT', 'the input holds no series: it has a header and no rows');
  return set;
}
