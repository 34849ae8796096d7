import { fileURLToPath } from 'node:url';
import { modelsDir as bundledModelsDir } from '@strata/models';
import { readDomainConfig, type DomainConfig } from '@strata/service';
import { timeseriesDomain } from './domain.js';

/** Reads and checks the configuration once, here and nowhere else; throws naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): DomainConfig {
  return readDomainConfig(env, {
    port: timeseriesDomain.port,
    modelsDir: bundledModelsDir,
    datasetsDir: fileURLToPath(new URL('../../../datasets', import.meta.url)),
  });
}
