import { fileURLToPath } from 'node:url';

/** The CLI's settings from the environment, read here and nowhere else. */
export interface CliConfig {
  /** `STRATA_MODELS_DIR`, default the repository's `models/`. */
  readonly modelsDir: string;
  /** `STRATA_STATE_DIR`, default `.strata` in the working directory: job state, so a stopped run resumes. */
  readonly stateDir: string;
  /** Where relative paths start: `INIT_CWD` (the directory `npm run` was called from), else the working directory. */
  readonly cwd: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  return {
    modelsDir: env.STRATA_MODELS_DIR ?? fileURLToPath(new URL('../../../models', import.meta.url)),
    stateDir: env.STRATA_STATE_DIR ?? '.strata',
    cwd: env.INIT_CWD ?? process.cwd(),
  };
}
