import type { ForecastResponse } from '@strata/timeseries-api';
import { PALETTE, withAlpha } from '../components/chart-colours';
import type { ChartBand, ChartLine } from '../components/chart';
import type { UploadedSeries } from '../csv';

/** One requested model's forecast of the series, or why it has none. */
export interface Outcome {
  readonly model: string;
  readonly forecast: ForecastResponse['forecasts'][number] | null;
  readonly error: string | null;
}

/**
 * A forecast's legend label: the model asked for, and the model it fitted where that says more
 * (`auto: ETS(M,Ad,M)`), so two models that fit the same method are told apart.
 */
export function forecastLabel(model: string, fitted: string | null | undefined): string {
  return fitted && fitted !== model ? `${model}: ${fitted}` : model;
}

/** What the forecast chart draws: the x axis, the history and each forecast, and their intervals. */
export interface ForecastLines {
  readonly x: readonly number[];
  /** Whether `x` is ms since 1970 (else step numbers). */
  readonly time: boolean;
  readonly lines: ChartLine[];
  readonly bands: ChartBand[];
}

/**
 * The series' history and each model's forecast from its end, with their intervals. A model's colour
 * is that of its place among the models asked (`outcomes`), so it keeps its colour when a model
 * before it has no forecast.
 */
export function forecastLines(series: UploadedSeries, outcomes: readonly Outcome[]): ForecastLines {
  const n = series.values.length;
  const done = outcomes.filter((o) => o.forecast);
  const h = Math.max(0, ...done.map((o) => o.forecast!.mean.length));
  const times = series.timestamps?.map((t) => Date.parse(t));
  const future = done.find((o) => o.forecast!.timestamps)?.forecast!.timestamps?.map((t) => Date.parse(t));
  const time = Boolean(times && times.every(Number.isFinite) && (h === 0 || future));
  const x = time ? [...times!, ...(future ?? [])] : Array.from({ length: n + h }, (_, i) => i + 1);
  const pad = (values: readonly (number | null)[], before: number) => [
    ...Array<null>(before).fill(null),
    ...values,
    ...Array<null>(n + h - before - values.length).fill(null),
  ];
  const lines: ChartLine[] = [{ label: series.id, values: pad(series.values, 0), colour: '#222' }];
  const bands: ChartBand[] = [];
  outcomes.forEach((o, i) => {
    const f = o.forecast;
    if (!f) return;
    const colour = PALETTE[i % PALETTE.length]!;
    // Each forecast starts from the last observation, so its line joins the history.
    const last = series.values[n - 1] ?? null;
    lines.push({
      key: o.model,
      label: forecastLabel(o.model, f.model),
      values: pad([last, ...f.mean], n - 1),
      colour,
    });
    for (const interval of [...f.intervals].sort((a, b) => b.level - a.level))
      bands.push({
        label: `${o.model} ${interval.level}%`,
        line: o.model,
        lower: pad(interval.lower, n),
        upper: pad(interval.upper, n),
        fill: withAlpha(colour, interval.level >= 90 ? 0.15 : 0.25),
      });
  });
  return { x, time, lines, bands };
}
