import { fileURLToPath } from 'node:url';
import { readServiceConfig, type ServiceConfig } from '@strata/service';

/** The weather API's settings, read from the environment once, here and nowhere else. */
export interface WeatherConfig extends ServiceConfig {
  /** `STRATA_MODELS_DIR`, default the repository's `models/`. */
  readonly modelsDir: string;
  /** `STRATA_WEATHER_DATA_DIR`: NetCDF initial states offered by id. Default none. */
  readonly weatherDataDir: string | null;
  /** `STRATA_STATE_DIR`: jobs, their results and uploads. Default `.strata` in the working directory. */
  readonly stateDir: string;
}

/** Reads and checks the configuration; throws with the variable's name and the allowed values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WeatherConfig {
  return {
    ...readServiceConfig(env, { port: 8081 }),
    modelsDir: env.STRATA_MODELS_DIR ?? fileURLToPath(new URL('../../../models', import.meta.url)),
    weatherDataDir: env.STRATA_WEATHER_DATA_DIR ?? null,
    stateDir: env.STRATA_STATE_DIR ?? '.strata',
  };
}
