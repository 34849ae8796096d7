// Whether the console runs a backtest as a job: a request must finish within the server's limit
// (30 s by default, on threads that other requests share), and a backtest that may not is better
// followed as a job, with its progress, than waited for and lost at the limit.

/**
 * Rough ms of one fit per value of the series, on one core of a laptop, by model: the searches
 * (`auto` backtests every family inside each window, `arima` steps through orders) cost most. A model
 * not named here (the baselines, theta, ONNX models) costs next to nothing.
 */
const MS_PER_VALUE: Readonly<Record<string, number>> = { auto: 25, arima: 8, ets: 2.5 };

/** Work past which a backtest runs as a job: about a third of the request limit on one thread. */
export const JOB_ABOVE_MS = 10_000;

/** The windows the server backtests at most when the console names none. */
const WINDOWS = 3;

/**
 * An estimate of a backtest's work in ms on one thread: every window refits every model on up to
 * `length` values.
 */
export function backtestWork(models: readonly string[], length: number): number {
  return models.reduce((ms, m) => ms + WINDOWS * length * (MS_PER_VALUE[m] ?? 0.05), 0);
}

/** Whether a backtest of these models on `length` values is big enough to run as a job. */
export function backtestRunsAsJob(models: readonly string[], length: number): boolean {
  return backtestWork(models, length) > JOB_ABOVE_MS;
}
