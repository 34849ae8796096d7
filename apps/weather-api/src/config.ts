import { fileURLToPath } from 'node:url';
import { readServiceConfig, type ServiceConfig } from '@strata/service';

/** The weather API's settings: the common ones of every Strata server, and where initial states are. */
export interface WeatherConfig extends ServiceConfig {
  /** `STRATA_WEATHER_DATA_DIR`: NetCDF initial states offered by id. Default none. */
  readonly weatherDataDir: string | null;
}

/** Reads and checks the configuration once, here and nowhere else; throws naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WeatherConfig {
  return {
    ...readServiceConfig(env, {
      port: 8081,
      modelsDir: fileURLToPath(new URL('../../../models', import.meta.url)),
    }),
    weatherDataDir: env.STRATA_WEATHER_DATA_DIR ?? null,
  };
}
