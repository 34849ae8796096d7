import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultHorizon, frequencyName, readLongCsv, type Series, type SeriesSet } from '@strata/timeseries';
import { HttpError, route, type RouteSpec } from '@strata/service';
import { exampleResponse, examplesResponse } from './schemas.js';

/** The bundled example series (`datasets/timeseries-examples.csv`), read once at start. */
export async function loadExamples(datasetsDir: string): Promise<SeriesSet> {
  return readLongCsv(await readFile(join(datasetsDir, 'timeseries-examples.csv'), 'utf8'));
}

const iso = (t: number) => new Date(t).toISOString();
const horizonOf = (s: Series) => defaultHorizon({ length: s.values.length, period: s.period });

/** `GET /v1/series` and `GET /v1/series/{id}`: the example series, to try the forecasters on. */
export function exampleRoutes(examples: SeriesSet): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/v1/series',
      summary: 'The bundled example series (R datasets): id, frequency, length and span',
      tags: ['series'],
      response: examplesResponse,
      handler: () => ({
        series: examples.series.map((s) => ({
          id: s.id,
          frequency: frequencyName(examples.frequencies.get(s.id)!),
          period: s.period,
          length: s.values.length,
          horizon: horizonOf(s),
          start: iso(s.timestamps![0]!),
          end: iso(s.timestamps![s.timestamps!.length - 1]!),
        })),
      }),
    }),
    route({
      method: 'get',
      path: '/v1/series/{id}',
      summary: 'One example series in long format, ready to send to /v1/forecast as `data`',
      tags: ['series'],
      params: z.object({ id: z.string().min(1).max(200) }),
      response: exampleResponse,
      errors: ['NOT_FOUND'],
      ...(examples.series[0] ? { example: { params: { id: examples.series[0].id } } } : {}),
      handler: ({ params }) => {
        const s = examples.series.find((x) => x.id === params.id);
        if (!s)
          throw new HttpError(
            'NOT_FOUND',
            `no example series "${params.id}"; there are ${examples.series.map((x) => x.id).join(', ')}`,
          );
        return {
          id: s.id,
          period: s.period,
          horizon: horizonOf(s),
          data: Array.from(s.values, (value, i) => ({ id: s.id, timestamp: iso(s.timestamps![i]!), value })),
        };
      },
    }),
  ];
}
