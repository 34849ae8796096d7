import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { csvCells as cells } from '../series/csv-line.js';

const shared = (name: string) =>
  fileURLToPath(new URL(`../../../../../shared/datasets/timeseries/${name}`, import.meta.url));

function table(name: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(shared(name), 'utf8').trim().split(/\r?\n/);
  const cols = cells(head!);
  return rows.map((r) => Object.fromEntries(cells(r).map((v, i) => [cols[i]!, v])));
}

/** One of the 87 reference series, split as the datasets README says (the last h held out). */
export interface ReferenceSeries {
  readonly name: string;
  readonly source: string;
  readonly period: number;
  readonly h: number;
  readonly train: Float64Array;
  readonly test: Float64Array;
}

/** The 87 reference series. */
export function referenceSeries(): ReferenceSeries[] {
  return table('classic-series.csv').map((r) => {
    const values = r.values!.trim().split(/\s+/).map(Number);
    const n = Number(r.n_train);
    return {
      name: r.name!,
      source: r.source!,
      period: Number(r.frequency),
      h: Number(r.h),
      train: Float64Array.from(values.slice(0, n)),
      test: Float64Array.from(values.slice(n)),
    };
  });
}

/** R forecast 8.20's forecasts of one series by one method. */
export interface ReferenceForecast {
  readonly mean: number[];
  readonly lo80: number[];
  readonly hi80: number[];
  readonly lo95: number[];
  readonly hi95: number[];
}

/** R's forecasts by `<series>/<method>` (methods: ets, auto.arima, thetaf, snaive, naive). */
export function referenceForecasts(): Map<string, ReferenceForecast> {
  const out = new Map<string, ReferenceForecast>();
  for (const r of table('classic-r-forecast-8.20-forecasts.csv')) {
    const key = `${r.name}/${r.method}`;
    let f = out.get(key);
    if (!f) out.set(key, (f = { mean: [], lo80: [], hi80: [], lo95: [], hi95: [] }));
    const i = Number(r.step) - 1;
    for (const k of ['mean', 'lo80', 'hi80', 'lo95', 'hi95'] as const) f[k][i] = Number(r[k]);
  }
  return out;
}

/** R's per-series metrics and selected model, by `<series>/<method>`. */
export function referenceMetrics(): Map<string, Record<string, string>> {
  return new Map(table('classic-r-forecast-8.20-metrics.csv').map((r) => [`${r.name}/${r.method}`, r]));
}
