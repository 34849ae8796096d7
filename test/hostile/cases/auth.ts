// Attacks on authentication and rate limits, against a gateway of their own that has API keys and a
// small rate limit (the suite's gateway is open, on loopback, with the default limit).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startGateway } from '../../gateway-process.js';
import type { HostileCase } from '../case.js';

const KEY = 'k'.repeat(32);

/** Runs `attack` against a fresh gateway with one key and `env`, and stops it after. */
async function withKeyedGateway(env: Record<string, string>, attack: (base: string) => Promise<void>) {
  const gateway = await startGateway({
    STRATA_STATE_DIR: mkdtempSync(join(tmpdir(), 'strata-hostile-auth-')),
    STRATA_API_KEYS: `${KEY}:drug`,
    ...env,
  });
  try {
    await attack(gateway.base);
  } finally {
    gateway.stop();
  }
}

const get = (base: string, path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers });

/** Statuses of `n` requests made one after another. */
async function statuses(n: number, send: (i: number) => Promise<Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send(i)).status);
  return out;
}

export const authCases: HostileCase[] = [
  {
    kind: 'auth',
    name: '200 wrong keys in a row: 401s, then 429 before any key is looked at',
    async run() {
      await withKeyedGateway({}, async (base) => {
        const codes = await statuses(200, (i) =>
          get(base, '/drug/v1/libraries', { authorization: `Bearer guess-${String(i).padStart(26, '0')}` }),
        );
        expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
        expect(codes.slice(30).every((c) => c === 429)).toBe(true);
      });
    },
  },
  {
    kind: 'auth',
    name: 'requests without any Authorization header count as failures too',
    async run() {
      await withKeyedGateway({}, async (base) => {
        const codes = await statuses(40, () => get(base, '/drug/v1/libraries'));
        expect(codes.at(-1)).toBe(429);
      });
    },
  },
  {
    kind: 'auth',
    name: 'a new X-Forwarded-For per request does not escape the rate limit',
    async run() {
      await withKeyedGateway({ STRATA_API_KEYS: '', STRATA_RATE_LIMIT: '5' }, async (base) => {
        const codes = await statuses(8, (i) =>
          get(base, '/drug/v1/libraries', { 'x-forwarded-for': `10.1.2.${i}` }),
        );
        expect(codes.slice(5)).toEqual([429, 429, 429]);
      });
    },
  },
  {
    kind: 'auth',
    name: 'a new X-Forwarded-For per wrong key does not escape the failed-authentication limit',
    async run() {
      await withKeyedGateway({}, async (base) => {
        const codes = await statuses(40, (i) =>
          get(base, '/drug/v1/libraries', { authorization: 'Bearer x', 'x-forwarded-for': `10.9.${i}.1` }),
        );
        expect(codes.at(-1)).toBe(429);
      });
    },
  },
  {
    kind: 'auth',
    name: 'a key of another domain, a key with whitespace, a lower-case scheme, and a key in the query',
    async run() {
      await withKeyedGateway({}, async (base) => {
        expect((await get(base, '/timeseries/v1/models', { authorization: `Bearer ${KEY}` })).status).toBe(
          403,
        );
        expect((await get(base, '/drug/v1/libraries', { authorization: `Bearer  ${KEY} ` })).status).toBe(
          200,
        );
        expect((await get(base, '/drug/v1/libraries', { authorization: `bearer ${KEY}` })).status).toBe(200);
        expect((await get(base, `/drug/v1/libraries?api_key=${KEY}`)).status).toBe(401);
        expect((await get(base, '/drug/v1/libraries', { authorization: `Basic ${KEY}` })).status).toBe(401);
        // Health, readiness and the API description stay open.
        expect((await get(base, '/healthz')).status).toBe(200);
      });
    },
  },
];
