import { fileURLToPath } from 'node:url';
import { modelsDir as bundledModelsDir } from '@strata/models';
import { readDomainConfig, type DomainConfig } from '@strata/service';

/** The gateway's settings: those of every domain server, and where the web console is. */
export interface GatewayConfig extends DomainConfig {
  /** `STRATA_CONSOLE_DIR`: the web console's built files, default the repository's `apps/console/dist`. */
  readonly consoleDir: string;
}

/** Reads and checks the configuration once, here and nowhere else; throws naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return {
    ...readDomainConfig(env, {
      port: 8080,
      modelsDir: bundledModelsDir,
      datasetsDir: fileURLToPath(new URL('../../../datasets', import.meta.url)),
    }),
    consoleDir: env.STRATA_CONSOLE_DIR ?? fileURLToPath(new URL('../../console/dist', import.meta.url)),
  };
}
