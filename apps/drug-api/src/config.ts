import { fileURLToPath } from 'node:url';
import { readServiceConfig, type ServiceConfig } from '@strata/service';

/** The drug API's settings: the common ones of every Strata server, and where the bundled data are. */
export interface DrugConfig extends ServiceConfig {
  /** `STRATA_DATASETS_DIR`, default the repository's `datasets/` (the bundled libraries). */
  readonly datasetsDir: string;
}

/** Reads and checks the configuration once, here and nowhere else; throws naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): DrugConfig {
  return {
    ...readServiceConfig(env, {
      port: 8082,
      modelsDir: fileURLToPath(new URL('../../../models', import.meta.url)),
    }),
    datasetsDir: env.STRATA_DATASETS_DIR ?? fileURLToPath(new URL('../../../datasets', import.meta.url)),
  };
}
