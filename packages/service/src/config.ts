import { resolve } from 'node:path';
import { z } from 'zod';
import type { Logger } from '@strata/core';
import { jobSettingsFromEnv, type JobQueueSettings } from '@strata/jobs';
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
  /**
   * `STRATA_TRUST_PROXY`: the proxies whose `X-Forwarded-For` names the client, as Express's `trust
   * proxy` takes them (a hop count, or `loopback`, addresses and subnets, comma-separated). Unset: none.
   */
  readonly trustProxy: number | string | false;
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
  /** `STRATA_STATE_DIR`: jobs, their results and uploads, as an absolute path. Default `.strata` in the working directory. */
  readonly stateDir: string;
  /** `STRATA_THREADS`: the most busy worker threads (jobs and the threads they start), read with the job settings. Default every core. */
  readonly threads: number;
  /**
   * `STRATA_JOBS`: where jobs queue. Unset: in this process (state under `STRATA_STATE_DIR`);
   * `redis://host:port[/db]`: on Redis with BullMQ, shared by every API and worker process pointed at it
   * (then `STRATA_STATE_DIR` must be a directory they all mount: uploads and results live there).
   */
  readonly jobs: string | null;
  /** `STRATA_JOB_WORKERS`: jobs this process runs at once; 0 (with Redis) for an API that only submits. Default `threads`. */
  readonly jobWorkers: number;
  /**
   * `STRATA_JOB_RETENTION`: how long finished jobs, their results and their uploads are kept (`7d`, `12h`,
   * `30m`, `90s`; `0` keeps them), in ms. Default 7 days.
   */
  readonly jobRetentionMs: number;
  /** `STRATA_JOB_LOCK_MS` (with Redis): how long a dead worker's claim on a job lasts. Default 30000. */
  readonly jobLockMs: number;
  /** Why the host differs from `HOST`, to log at start; null when it does not. */
  readonly hostNote: string | null;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** A numeric variable: empty means unset; the message names the range. */
const numeric = (min: number, max: number, integer = false) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number({ error: `must be a number from ${min} to ${max}` })
      .refine((n) => n >= min && n <= max && (!integer || Number.isInteger(n)), {
        error: `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`,
      })
      .optional(),
  );

/** The environment variables every Strata server reads, as a schema (documented on {@link ServiceConfig}). */
const envSchema = z.object({
  PORT: numeric(0, 65535, true),
  HOST: z.string().min(1).optional(),
  STRATA_API_KEYS: z.string().optional(),
  STRATA_RATE_LIMIT: numeric(0, 1e9, true),
  STRATA_TRUST_PROXY: z.string().optional(),
  STRATA_REQUEST_TIMEOUT_MS: numeric(100, 3_600_000, true),
  STRATA_JSON_LIMIT_MB: numeric(0.001, 4096),
  STRATA_UPLOAD_LIMIT_MB: numeric(0.001, 1 << 20),
  STRATA_MODELS_DIR: z.string().min(1).optional(),
  STRATA_STATE_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error', 'silent'], {
      error: 'must be one of debug, info, warn, error, silent',
    })
    .optional(),
});

/**
 * Reads the common settings from an environment (an app's `config.ts` passes `process.env`) through
 * one schema; throws naming the variable, the bad value and what is allowed.
 */
export function readServiceConfig(
  env: Record<string, string | undefined>,
  defaults: { port: number; modelsDir: string },
): ServiceConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new Error(`${name} ${issue.message}, got "${env[name]}"`);
  }
  const e = parsed.data;
  const jobs = jobSettingsFromEnv(env);
  const apiKeys = parseApiKeys(e.STRATA_API_KEYS);
  const asked = e.HOST ?? '127.0.0.1';
  const open = apiKeys.length === 0 && !LOOPBACK.has(asked);
  return {
    port: e.PORT ?? defaults.port,
    host: open ? '127.0.0.1' : asked,
    hostNote: open ? `HOST=${asked} ignored: without STRATA_API_KEYS the API listens on loopback only` : null,
    apiKeys,
    rateLimitPerMinute: e.STRATA_RATE_LIMIT ?? 600,
    trustProxy: trustProxyOf(e.STRATA_TRUST_PROXY),
    timeoutMs: e.STRATA_REQUEST_TIMEOUT_MS ?? 30_000,
    jsonLimitBytes: (e.STRATA_JSON_LIMIT_MB ?? 16) * 2 ** 20,
    uploadLimitBytes: (e.STRATA_UPLOAD_LIMIT_MB ?? 512) * 2 ** 20,
    logLevel: e.LOG_LEVEL ?? 'info',
    modelsDir: e.STRATA_MODELS_DIR ?? defaults.modelsDir,
    // Absolute: job inputs name files under it, and a worker elsewhere must find them.
    stateDir: resolve(e.STRATA_STATE_DIR ?? '.strata'),
    threads: jobs.threads,
    jobs: jobs.redisUrl,
    jobWorkers: jobs.workers,
    jobLockMs: jobs.lockDurationMs,
    jobRetentionMs: jobs.retentionMs,
  };
}

/** The service options every app passes through to {@link createService}. */
export type ServiceSettings = Pick<
  ServiceOptions,
  'logger' | 'metrics' | 'apiKeys' | 'rateLimitPerMinute' | 'trustProxy' | 'timeoutMs' | 'jsonLimitBytes'
>;

/** The service options a configuration sets. */
export function settingsOf(config: ServiceConfig, logger: Logger): ServiceSettings {
  return {
    logger,
    apiKeys: config.apiKeys,
    rateLimitPerMinute: config.rateLimitPerMinute,
    trustProxy: config.trustProxy,
    timeoutMs: config.timeoutMs,
    jsonLimitBytes: config.jsonLimitBytes,
  };
}

/**
 * The job-queue settings a configuration sets, for `openJobQueue` of `@strata/jobs` (which chooses the
 * backend: this kit only reads the environment's words for it).
 */
export function jobSettingsOf(
  config: Pick<ServiceConfig, 'stateDir' | 'jobs' | 'jobWorkers' | 'jobRetentionMs' | 'jobLockMs'>,
): Omit<JobQueueSettings, 'handlers' | 'logger'> {
  return {
    stateDir: config.stateDir,
    redisUrl: config.jobs,
    workers: config.jobWorkers,
    retentionMs: config.jobRetentionMs,
    lockDurationMs: config.jobLockMs,
  };
}

/** `STRATA_TRUST_PROXY` as Express takes it: unset or `false` trusts no proxy, digits are a hop count. */
function trustProxyOf(value: string | undefined): number | string | false {
  const v = value?.trim();
  if (!v || v === 'false') return false;
  return /^\d+$/.test(v) ? Number(v) : v;
}
