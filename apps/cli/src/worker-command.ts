import { parseArgs } from 'node:util';
import type { Logger } from '@strata/core';
import { DRUG_JOBS } from '@strata/drug/node';
import { openJobQueue, type JobEnvSettings } from '@strata/jobs';
import { TIMESERIES_JOBS } from '@strata/timeseries/node';
import { WEATHER_JOBS } from '@strata/weather/node';
import { UsageError } from './screen-args.js';

/** The job handlers of each domain a worker can take jobs of. */
export const DOMAIN_JOBS: Readonly<Record<string, Readonly<Record<string, string | URL>>>> = {
  drug: DRUG_JOBS,
  timeseries: TIMESERIES_JOBS,
  weather: WEATHER_JOBS,
};

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
  const domains = values.domains ? values.domains.split(',').map((d) => d.trim()) : Object.keys(DOMAIN_JOBS);
  const unknown = domains.find((d) => !DOMAIN_JOBS[d]);
  if (unknown !== undefined)
    throw new UsageError(
      `--domains: no domain "${unknown}"; there are ${Object.keys(DOMAIN_JOBS).join(', ')}`,
    );
  return Object.fromEntries(domains.flatMap((d) => Object.entries(DOMAIN_JOBS[d]!)));
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
