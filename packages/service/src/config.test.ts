import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { readServiceConfig } from './config.js';

const defaults = { port: 8080, modelsDir: '/models' };
const key = 'k'.repeat(24);

describe('readServiceConfig', () => {
  it('reads the defaults, and keeps an open server on loopback whatever HOST says', () => {
    const c = readServiceConfig({ HOST: '0.0.0.0' }, defaults);
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      rateLimitPerMinute: 600,
      trustProxy: false,
      stateDir: resolve('.strata'),
      modelsDir: '/models',
      jobs: null,
    });
    expect(c.hostNote).toMatch(/without STRATA_API_KEYS the API listens on loopback only/);
    const keyed = readServiceConfig({ HOST: '0.0.0.0', STRATA_API_KEYS: `${key}:drug|weather` }, defaults);
    expect(keyed.host).toBe('0.0.0.0');
    expect(keyed.hostNote).toBeNull();
    expect(keyed.apiKeys).toEqual([{ key, scopes: ['drug', 'weather'] }]);
    expect(readServiceConfig({ STRATA_TRUST_PROXY: '2' }, defaults).trustProxy).toBe(2);
    expect(readServiceConfig({ STRATA_TRUST_PROXY: 'loopback, 10.0.0.0/8' }, defaults).trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
  });

  it('refuses bad values, naming the variable, the value and what is allowed', () => {
    expect(() => readServiceConfig({ PORT: 'eighty' }, defaults)).toThrow(
      'PORT must be a number from 0 to 65535, got "eighty"',
    );
    expect(() => readServiceConfig({ STRATA_THREADS: '1.5' }, defaults)).toThrow(
      /STRATA_THREADS must be a whole number/,
    );
    expect(() => readServiceConfig({ LOG_LEVEL: 'loud' }, defaults)).toThrow(
      /LOG_LEVEL must be one of debug, info/,
    );
    expect(() => readServiceConfig({ STRATA_API_KEYS: 'short' }, defaults)).toThrow(/at least 16 characters/);
    expect(() => readServiceConfig({ STRATA_JOBS: 'localhost:6379' }, defaults)).toThrow(
      'STRATA_JOBS must be a Redis URL (redis://host:port), or unset for in-process jobs, got "localhost:6379"',
    );
    expect(() => readServiceConfig({ STRATA_JOB_WORKERS: '0' }, defaults)).toThrow(
      /STRATA_JOB_WORKERS must be at least 1 without STRATA_JOBS/,
    );
  });

  it('puts jobs on Redis with STRATA_JOBS, with no workers here when asked', () => {
    const c = readServiceConfig(
      { STRATA_JOBS: 'redis://:pw@10.0.0.5:6379/2', STRATA_JOB_WORKERS: '0', STRATA_THREADS: '4' },
      defaults,
    );
    expect(c).toMatchObject({ jobs: 'redis://:pw@10.0.0.5:6379/2', jobWorkers: 0, threads: 4 });
    expect(readServiceConfig({ STRATA_THREADS: '3' }, defaults).jobWorkers).toBe(3);
  });
});
