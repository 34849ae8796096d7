import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { defaultThreadBudget } from '@strata/core/node';
import type { JobQueue, JobState } from '@strata/jobs';

/** The Prometheus metrics of one app, on its own registry (the gateway merges them). */
export interface ServiceMetrics {
  readonly registry: Registry;
  /** Model run latency in seconds, by model. Domain code observes it around each run. */
  readonly modelRunSeconds: Histogram<'model'>;
  /** Items per model run (molecules, series, grids), by model. */
  readonly modelBatchSize: Histogram<'model'>;
  /** Records request counts and latency by route template and status. */
  readonly middleware: RequestHandler;
}

const STATES: readonly JobState[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

/**
 * Request, model and job metrics for one app. Routes are labelled by their template
 * (`/v1/jobs/:id`), never the raw path, so the label set stays small.
 */
export function createMetrics(options: {
  app: string;
  queue?: JobQueue;
  jobKinds?: (kind: string) => boolean;
}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app: options.app });
  const requests = new Counter({
    name: 'strata_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'strata_http_request_duration_seconds',
    help: 'HTTP request latency, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const modelRunSeconds = new Histogram({
    name: 'strata_model_run_seconds',
    help: 'Model run latency, by model',
    labelNames: ['model'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60],
    registers: [registry],
  });
  const modelBatchSize = new Histogram({
    name: 'strata_model_batch_size',
    help: 'Items per model run, by model',
    labelNames: ['model'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 1024],
    registers: [registry],
  });
  new Gauge({
    name: 'strata_threads',
    help: "Pool threads of the process's thread budget: its size, slots used, busy and live threads",
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = defaultThreadBudget().stats();
      for (const state of ['size', 'used', 'busy', 'live'] as const) this.set({ state }, stats[state]);
    },
  });
  const { queue, jobKinds = () => true } = options;
  if (queue) {
    new Gauge({
      name: 'strata_jobs',
      help: 'Jobs by state, of the 1000 newest kept',
      labelNames: ['state'] as const,
      registers: [registry],
      async collect() {
        const jobs = (await queue.list({ limit: 1000 })).filter((j) => jobKinds(j.kind));
        for (const state of STATES) this.set({ state }, jobs.filter((j) => j.state === state).length);
      },
    });
  }
  const middleware: RequestHandler = (req, res, next) => {
    // Counted once, by the outermost app, when apps are mounted in one another.
    if (res.locals.metered) return next();
    res.locals.metered = true;
    const end = latency.startTimer();
    res.on('finish', () => {
      // The matched route's template, with the router's mount path; unmatched requests share one label.
      const route = req.route ? `${req.baseUrl}${String((req.route as { path: string }).path)}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      requests.inc(labels);
      end(labels);
    });
    next();
  };
  return { registry, modelRunSeconds, modelBatchSize, middleware };
}

/**
 * Runs one model call and records its latency and batch size (items: molecules, series, grids).
 *
 * @example
 * ```ts
 * const rows = await observeModelRun(metrics, 'screen', records.length, () => pool.screen(records));
 * ```
 */
export async function observeModelRun<T>(
  metrics: ServiceMetrics,
  model: string,
  items: number,
  run: () => Promise<T>,
): Promise<T> {
  const end = metrics.modelRunSeconds.startTimer({ model });
  try {
    return await run();
  } finally {
    end();
    metrics.modelBatchSize.observe({ model }, items);
  }
}
