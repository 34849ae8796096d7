import { fileURLToPath } from 'node:url';
import { readServiceConfig, type ServiceConfig } from '@strata/service';

/** The time-series API's settings: the common ones of every Strata server, and where the examples are. */
export interface TimeseriesConfig extends ServiceConfig {
  /** `STRATA_DATASETS_DIR`, default the repository's `datasets/` (the example series). */
  readonly datasetsDir: string;
}

/** Reads and checks the configuration once, here and nowhere else; throws naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TimeseriesConfig {
  return {
    ...readServiceConfig(env, {
      port: 8083,
      modelsDir: fileURLToPath(new URL('../../../models', import.meta.url)),
    }),
    datasetsDir: env.STRATA_DATASETS_DIR ?? fileURLToPath(new URL('../../../datasets', import.meta.url)),
  };
}
