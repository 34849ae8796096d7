/** The thread module of a forecasting pool: forecasts one series per task with the statistical forecasters. */
import type { TaskContext } from '@strata/core/node';
import { forecastTask, type ForecastTask, type TaskResult } from './forecast-task.js';

/**
 * Forecasts one series within the task's deadline (read from the clock inside the fit's loops) and
 * its cancel flag; its forecast's arrays are fresh in this thread, so they move back without a copy.
 */
export function forecast(task: ForecastTask, ctx: TaskContext): TaskResult {
  const result = forecastTask(task, { deadline: ctx.deadline });
  const f = result.forecast;
  if (f) {
    const arrays = [f.mean, f.fitted, ...f.intervals.flatMap((i) => [i.lower, i.upper])];
    ctx.transfer(...arrays.map((a) => a.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer));
  }
  return result;
}
