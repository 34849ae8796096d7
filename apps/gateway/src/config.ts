import { fileURLToPath } from 'node:url';

/** The gateway's settings, read from the environment once, here and nowhere else. */
export interface GatewayConfig {
  /** `PORT`, default 8080. */
  readonly port: number;
  /** `HOST`, default `127.0.0.1` (set `0.0.0.0` to listen on every interface). */
  readonly host: string;
  /** `STRATA_MODELS_DIR`, default the repository's `models/`. */
  readonly modelsDir: string;
  /** `LOG_LEVEL`, default `info`. */
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** Reads and checks the configuration; throws with the variable's name and the allowed values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${env.PORT}"`);
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as GatewayConfig['logLevel'];
  if (!LEVELS.includes(logLevel))
    throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    modelsDir: env.STRATA_MODELS_DIR ?? fileURLToPath(new URL('../../../models', import.meta.url)),
    logLevel,
  };
}
