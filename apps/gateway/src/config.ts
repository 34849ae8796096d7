import { fileURLToPath } from 'node:url';
import { readServiceConfig, type ServiceConfig } from '@strata/service';

/** The gateway's settings: the common ones of every Strata server, and where the bundled data are. */
export interface GatewayConfig extends ServiceConfig {
  /** `STRATA_DATASETS_DIR`, default the repository's `datasets/` (the bundled molecule libraries). */
  readonly datasetsDir: string;
  /** `STRATA_WEATHER_DATA_DIR`: NetCDF initial states the weather API offers by id. Default none. */
  readonly weatherDataDir: string | null;
  /** `STRATA_CONSOLE_DIR`: the web console's built files, default the repository's `apps/console/dist`. */
  readonly consoleDir: string;
}

/** Reads and checks the configuration once, here and nowhere else; throws naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return {
    ...readServiceConfig(env, {
      port: 8080,
      modelsDir: fileURLToPath(new URL('../../../models', import.meta.url)),
    }),
    datasetsDir: env.STRATA_DATASETS_DIR ?? fileURLToPath(new URL('../../../datasets', import.meta.url)),
    weatherDataDir: env.STRATA_WEATHER_DATA_DIR ?? null,
    consoleDir: env.STRATA_CONSOLE_DIR ?? fileURLToPath(new URL('../../console/dist', import.meta.url)),
  };
}
