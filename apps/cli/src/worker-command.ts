import { parseArgs } from 'node:util';
import type { Logger } from '@strata/core';
import { defaultThreadBudget } from '@strata/core/node';
import { drugDomain } from '@strata/drug-api';
import { openJobQueue, type JobEnvSettings } from '@strata/jobs';
import type { StrataDomain } from '@strata/service';
import { timeseriesDomain } from '@strata/timeseries-api';
import { weatherDomain } from '@strata/weather-api';
import { UsageError } from './screen-args.js';

/** The domains a worker can take jobs of, by name. */
const DOMAINS: ReadonlyMap<string, StrataDomain> = new Map(
  [drugDomain, timeseriesDomain, weatherDomain].map((d) => [d.name, d]),
);

export const WORKER_USAGE = `usage: strata worker [--domains drug,timeseries,weather]

Takes jobs from the Redis queue named by STRATA_JOBS (redis://host:port) and runs them here, as many
at once as STRATA_JOB_WORKERS (default: every core). Job inputs and results are read and written under
STRATA_STATE_DIR, which must be the directory the API servers use (a shared mount on several machines).
A job whose worker died is taken by another after STRATA_JOB_LOCK_MS (default 30000). Finished jobs,
their results and uploads are removed after STRATA_JOB_RETENTION (default 7d; 0 keeps them).
On SIGTERM or Ctrl-C the running jobs checkpoint and go back to the queue for another worker.

options:
  --domains <list>   the domains whose jobs to take (default: all)`;

/** The worker's settings. */
export interface WorkerSettings {
  readonly jobs: JobEnvSettings;
  readonly stateDir: string;
  readonly logger: Logger;
}

/** Handlers of the domains `--domains` names (all by default); throws a usage error for an unknown one. */
export function workerHandlers(args: string[]): Record<string, string | URL> {
  const { values } = parseArgs({ args, options: { domains: { type: 'string' } }, strict: true });
  const names = values.domains ? values.domains.split(',').map((d) => d.trim()) : [...DOMAINS.keys()];
  const unknown = names.find((d) => !DOMAINS.has(d));
  if (unknown !== undefined)
    throw new UsageError(`--domains: no domain "${unknown}"; there are ${[...DOMAINS.keys()].join(', ')}`);
  return Object.fromEntries(names.flatMap((d) => Object.entries(DOMAINS.get(d)!.jobs)));
}

/**
 * Runs a worker until `stop` fires: takes jobs of the given kinds from Redis; on stop, running jobs
 * checkpoint and are handed back to the queue. Resolves with the exit code.
 */
export async function runWorker(
  handlers: Record<string, string | URL>,
  settings: WorkerSettings,
  stop: AbortSignal,
): Promise<number> {
  if (!settings.jobs.redisUrl)
    throw new UsageError('STRATA_JOBS is not set: name the Redis to take jobs from (redis://host:port)');
  if (settings.jobs.workers === 0)
    throw new UsageError('STRATA_JOB_WORKERS is 0: a worker runs at least 1 job at once');
  // Busy threads here (jobs and their screening and forecasting threads) never outnumber STRATA_THREADS.
  defaultThreadBudget().resize(settings.jobs.threads);
  const queue = await openJobQueue({
    ...settings.jobs,
    stateDir: settings.stateDir,
    handlers,
    logger: settings.logger,
  });
  settings.logger.info(
    { kinds: Object.keys(handlers), workers: settings.jobs.workers },
    'strata worker taking jobs',
  );
  await new Promise<void>((r) =>
    stop.aborted ? r() : stop.addEventListener('abort', () => r(), { once: true }),
  );
  settings.logger.info({}, 'strata worker stopping: running jobs go back to the queue');
  await queue.close();
  return 0;
}
