import { describe, expect, it } from 'vitest';
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
      stateDir: '.strata',
      modelsDir: '/models',
    });
    expect(c.hostNote).toMatch(/without STRATA_API_KEYS the API listens on loopback only/);
    const keyed = readServiceConfig({ HOST: '0.0.0.0', STRATA_API_KEYS: `${key}:drug|weather` }, defaults);
    expect(keyed.host).toBe('0.0.0.0');
    expect(keyed.hostNote).toBeNull();
    expect(keyed.apiKeys).toEqual([{ key, scopes: ['drug', 'weather'] }]);
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
  });
});
