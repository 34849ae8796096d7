import { useMemo } from 'preact/hooks';
import { Chart } from '../components/chart';
import type { UploadedSeries } from '../csv';
import { forecastLines, type Outcome } from './forecast-lines';

/**
 * The series' history and each model's forecast from its end, in colours of their own; the
 * intervals of one model at a time (pick it in the legend).
 */
export function ForecastChart({
  series,
  outcomes,
}: {
  series: UploadedSeries;
  outcomes: readonly Outcome[];
}) {
  const chart = useMemo(() => forecastLines(series, outcomes), [series, outcomes]);
  return <Chart {...chart} testId="forecast-chart" />;
}
