import { modelsDir as bundledModelsDir } from '@strata/models';
import { jobSettingsFromEnv, type JobEnvSettings } from '@strata/jobs';

/** The CLI's settings from the environment, read here and nowhere else. */
export interface CliConfig {
  /** `STRATA_MODELS_DIR`, default the bundled models (`@strata/models`). */
  readonly modelsDir: string;
  /** `STRATA_STATE_DIR`, default `.strata` in the working directory: job state, so a stopped run resumes. */
  readonly stateDir: string;
  /** Where relative paths start: `INIT_CWD` (the directory `npm run` was called from), else the working directory. */
  readonly cwd: string;
  /**
   * `STRATA_JOBS`, `STRATA_JOB_WORKERS`, `STRATA_JOB_LOCK_MS`, `STRATA_JOB_RETENTION`: where jobs queue and
   * how, read by the parser every Strata server uses.
   */
  readonly jobs: JobEnvSettings;
  /** `LOG_LEVEL`, default `info`. */
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  return {
    modelsDir: env.STRATA_MODELS_DIR ?? bundledModelsDir,
    stateDir: env.STRATA_STATE_DIR ?? '.strata',
    cwd: env.INIT_CWD ?? process.cwd(),
    jobs: jobSettingsFromEnv(env),
    logLevel: LEVELS.find((l) => l === env.LOG_LEVEL) ?? 'info',
  };
}

/**
 * The environment of a `strata` command this process starts as if from a shell in its own working
 * directory: this one's, less `INIT_CWD` (which would move its relative paths) and `STRATA_JOBS` (which
 * would put its jobs on this process's queue), with `set` on top.
 */
export function childEnv(
  set: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const { INIT_CWD: _cwd, STRATA_JOBS: _jobs, ...rest } = env;
  return { ...rest, ...set };
}
