// A forecasting worker thread: forecasts one series per message with the statistical forecasters.
// Plain JavaScript so that it runs from the sources as well as from the build.
import { parentPort, workerData } from 'node:worker_threads';

if (!parentPort) throw new Error('forecast-worker.js must run in a worker thread');
const port = parentPort;
/** @type {{ module: string }} */
const data = workerData;

if (data.module.endsWith('.ts')) {
  // Running from TypeScript sources (tests, development) needs tsx's loader in this thread.
  const { register } = await import('tsx/esm/api');
  register();
}
/** @type {typeof import('./forecast-task.js')} */
const { forecastTask } = await import(data.module);
port.on('message', (/** @type {import('./forecast-task.js').ForecastTask} */ task) => {
  port.postMessage(forecastTask(task));
});
