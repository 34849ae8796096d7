import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readServiceConfig, type ServiceConfig } from '@strata/service';

/** The gateway's settings, read from the environment once, here and nowhere else. */
export interface GatewayConfig extends ServiceConfig {
  /** `STRATA_MODELS_DIR`, default the repository's `models/`. */
  readonly modelsDir: string;
  /** `STRATA_DATASETS_DIR`, default the repository's `datasets/` (the bundled molecule libraries). */
  readonly datasetsDir: string;
  /** `STRATA_WEATHER_DATA_DIR`: NetCDF initial states the weather API offers by id. Default none. */
  readonly weatherDataDir: string | null;
  /** `STRATA_STATE_DIR`: jobs, their results and uploads. Default `.strata` in the working directory. */
  readonly stateDir: string;
  /** `STRATA_THREADS`: worker threads for forecasting and for jobs. Default every core. */
  readonly threads: number;
}

/** Reads and checks the configuration; throws with the variable's name and the allowed values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const threads = Number(env.STRATA_THREADS ?? availableParallelism());
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`STRATA_THREADS must be a whole number >= 1, got "${env.STRATA_THREADS}"`);
  return {
    ...readServiceConfig(env, { port: 8080 }),
    modelsDir: env.STRATA_MODELS_DIR ?? fileURLToPath(new URL('../../../models', import.meta.url)),
    datasetsDir: env.STRATA_DATASETS_DIR ?? fileURLToPath(new URL('../../../datasets', import.meta.url)),
    weatherDataDir: env.STRATA_WEATHER_DATA_DIR ?? null,
    stateDir: env.STRATA_STATE_DIR ?? '.strata',
    threads,
  };
}
