import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The CLI's settings from the environment, read here and nowhere else. */
export interface CliConfig {
  /** `STRATA_MODELS_DIR`, default the repository's `models/`. */
  readonly modelsDir: string;
  /** `STRATA_STATE_DIR`, default `.strata` in the working directory: job state, so a stopped run resumes. */
  readonly stateDir: string;
  /** Where relative paths start: `INIT_CWD` (the directory `npm run` was called from), else the working directory. */
  readonly cwd: string;
  /** `STRATA_JOBS`: the Redis a worker takes jobs from (`redis://host:port[/db]`), null when unset. */
  readonly jobs: string | null;
  /** `STRATA_JOB_WORKERS`, else `STRATA_THREADS`, else every core: jobs a worker runs at once. */
  readonly jobWorkers: number;
  /** `STRATA_JOB_LOCK_MS`: how long a dead worker's job waits before another worker takes it. Default 30000. */
  readonly jobLockMs: number;
  /** `LOG_LEVEL`, default `info`. */
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1024)
    throw new Error(`${name} must be a whole number from 1 to 1024, got "${value}"`);
  return n;
}

function ms(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1000 || n > 3_600_000)
    throw new Error(`${name} must be a whole number of milliseconds from 1000 to 3600000, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  return {
    modelsDir: env.STRATA_MODELS_DIR ?? fileURLToPath(new URL('../../../models', import.meta.url)),
    stateDir: env.STRATA_STATE_DIR ?? '.strata',
    cwd: env.INIT_CWD ?? process.cwd(),
    jobs: env.STRATA_JOBS || null,
    jobWorkers:
      count('STRATA_JOB_WORKERS', env.STRATA_JOB_WORKERS) ??
      count('STRATA_THREADS', env.STRATA_THREADS) ??
      availableParallelism(),
    jobLockMs: ms('STRATA_JOB_LOCK_MS', env.STRATA_JOB_LOCK_MS) ?? 30_000,
    logLevel: LEVELS.find((l) => l === env.LOG_LEVEL) ?? 'info',
  };
}
