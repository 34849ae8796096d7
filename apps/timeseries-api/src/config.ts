import { fileURLToPath } from 'node:url';
import { readServiceConfig, type ServiceConfig } from '@strata/service';

/**
 * The time-series API's settings, read from the environment once, here and nowhere else: the common
 * ones of every Strata server (see `ServiceConfig`). Throws naming the variable and what is allowed.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return readServiceConfig(env, {
    port: 8083,
    modelsDir: fileURLToPath(new URL('../../../models', import.meta.url)),
  });
}
