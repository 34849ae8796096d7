import { availableParallelism } from 'node:os';
import type { Logger } from '@strata/core';
import { parseApiKeys, type ApiKey } from './auth.js';
import type { ServiceOptions } from './create-service.js';

/** The settings every Strata server reads from its environment. */
export interface ServiceConfig {
  /** `PORT`. */
  readonly port: number;
  /**
   * `HOST`, default `127.0.0.1`. Without API keys the server binds to loopback whatever `HOST` says:
   * an open API is for this machine only.
   */
  readonly host: string;
  /** `STRATA_API_KEYS`: `key` or `key:domain|domain`, comma-separated. */
  readonly apiKeys: readonly ApiKey[];
  /** `STRATA_RATE_LIMIT`: requests a minute per key or client, 0 for none. Default 600. */
  readonly rateLimitPerMinute: number;
  /** `STRATA_REQUEST_TIMEOUT_MS`, default 30000. */
  readonly timeoutMs: number;
  /** `STRATA_JSON_LIMIT_MB`, default 16. */
  readonly jsonLimitBytes: number;
  /** `STRATA_UPLOAD_LIMIT_MB`, default 512. */
  readonly uploadLimitBytes: number;
  /** `LOG_LEVEL`, default `info`. */
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** `STRATA_MODELS_DIR`, default the repository's `models/`. */
  readonly modelsDir: string;
  /** `STRATA_STATE_DIR`: jobs, their results and uploads. Default `.strata` in the working directory. */
  readonly stateDir: string;
  /** `STRATA_THREADS`: worker threads for models and jobs. Default every core. */
  readonly threads: number;
  /** Why the host differs from `HOST`, to log at start; null when it does not. */
  readonly hostNote: string | null;
}

function wholeNumber(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const v = number(env, name, fallback, 1, 1024);
  if (!Number.isInteger(v))
    throw new Error(`${name} must be a whole number from 1 to 1024, got "${env[name]}"`);
  return v;
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function number(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max)
    throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  return v;
}

/**
 * Reads the common settings from an environment (an app's `config.ts` passes `process.env`); throws
 * naming the variable, the bad value and what is allowed.
 */
export function readServiceConfig(
  env: Record<string, string | undefined>,
  defaults: { port: number; modelsDir: string },
): ServiceConfig {
  const port = number(env, 'PORT', defaults.port, 0, 65535);
  if (!Number.isInteger(port)) throw new Error(`PORT must be an integer from 0 to 65535, got "${env.PORT}"`);
  const logLevel = (env.LOG_LEVEL ?? 'info') as ServiceConfig['logLevel'];
  if (!LEVELS.includes(logLevel))
    throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  const apiKeys = parseApiKeys(env.STRATA_API_KEYS);
  const asked = env.HOST ?? '127.0.0.1';
  const open = apiKeys.length === 0 && !LOOPBACK.has(asked);
  return {
    port,
    host: open ? '127.0.0.1' : asked,
    hostNote: open ? `HOST=${asked} ignored: without STRATA_API_KEYS the API listens on loopback only` : null,
    apiKeys,
    rateLimitPerMinute: number(env, 'STRATA_RATE_LIMIT', 600, 0, 1e9),
    timeoutMs: number(env, 'STRATA_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    jsonLimitBytes: number(env, 'STRATA_JSON_LIMIT_MB', 16, 0.001, 4096) * 2 ** 20,
    uploadLimitBytes: number(env, 'STRATA_UPLOAD_LIMIT_MB', 512, 0.001, 1 << 20) * 2 ** 20,
    logLevel,
    modelsDir: env.STRATA_MODELS_DIR ?? defaults.modelsDir,
    stateDir: env.STRATA_STATE_DIR ?? '.strata',
    threads: wholeNumber(env, 'STRATA_THREADS', availableParallelism()),
  };
}

/** The service options every app passes through to {@link createService}. */
export type ServiceSettings = Pick<
  ServiceOptions,
  'logger' | 'metrics' | 'apiKeys' | 'rateLimitPerMinute' | 'timeoutMs' | 'jsonLimitBytes'
>;

/** The service options a configuration sets. */
export function settingsOf(config: ServiceConfig, logger: Logger): ServiceSettings {
  return {
    logger,
    apiKeys: config.apiKeys,
    rateLimitPerMinute: config.rateLimitPerMinute,
    timeoutMs: config.timeoutMs,
    jsonLimitBytes: config.jsonLimitBytes,
  };
}
