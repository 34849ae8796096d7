import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './problem.js';

/** One API key and the domains it may call (`*` for all). */
export interface ApiKey {
  readonly key: string;
  readonly scopes: readonly string[];
  /** A name for logs and rate limits, never the key itself. @defaultValue the key's hash prefix */
  readonly name?: string;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Parses `STRATA_API_KEYS`: keys separated by commas, each `key` (every domain) or `key:domain|domain`.
 * Throws with the offending entry when one is malformed.
 */
export function parseApiKeys(value: string | undefined): ApiKey[] {
  if (!value?.trim()) return [];
  return value.split(',').map((entry) => {
    const [key, scopes] = entry.trim().split(':');
    if (!key || key.length < 16)
      throw new Error(
        `STRATA_API_KEYS: each key must be at least 16 characters, got "${key?.slice(0, 4) ?? ''}…"`,
      );
    return { key, scopes: scopes ? scopes.split('|').filter(Boolean) : ['*'] };
  });
}

/**
 * Bearer-key authentication for one domain's `/v1` routes. Keys are compared in constant time (as
 * SHA-256 digests, so lengths leak nothing either). The caller's key name lands in `res.locals.caller`
 * for the rate limit and the access log. 401 without a valid key, 403 with a key of another domain.
 */
export function requireApiKey(keys: readonly ApiKey[], domain: string): RequestHandler {
  const known = keys.map((k) => ({
    hash: digest(k.key),
    name: k.name ?? `key:${digest(k.key).toString('hex').slice(0, 8)}`,
    scopes: k.scopes,
  }));
  const challenge = { 'WWW-Authenticate': 'Bearer realm="strata"' };
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      return next(
        new HttpError('UNAUTHORIZED', 'send an API key as "Authorization: Bearer <key>"', {
          headers: challenge,
        }),
      );
    }
    const given = digest(match[1]!);
    let found: (typeof known)[number] | undefined;
    // Every key is compared, so the time taken does not tell which (or whether one) matched.
    for (const k of known) if (timingSafeEqual(k.hash, given)) found = k;
    if (!found)
      return next(new HttpError('UNAUTHORIZED', 'the API key is not valid', { headers: challenge }));
    if (!found.scopes.includes('*') && !found.scopes.includes(domain)) {
      return next(new HttpError('FORBIDDEN', `this API key is not allowed to call the ${domain} API`));
    }
    res.locals.caller = found.name;
    next();
  };
}

/**
 * A per-caller rate limit: a token bucket of `perMinute` requests refilled continuously, keyed by
 * API key name or, without keys, by client address. Over the limit: 429 with `Retry-After`.
 */
export function rateLimit(perMinute: number, now: () => number = Date.now): RequestHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const rate = perMinute / 60_000;
  return (req, res, next) => {
    const caller = (res.locals.caller as string | undefined) ?? `ip:${req.ip ?? 'unknown'}`;
    const t = now();
    const b = buckets.get(caller) ?? { tokens: perMinute, at: t };
    b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * rate);
    b.at = t;
    buckets.set(caller, b);
    // Idle callers are full again: forget them so the map stays small.
    if (buckets.size > 10_000) for (const [k, v] of buckets) if (t - v.at > 60_000) buckets.delete(k);
    if (b.tokens < 1) {
      const seconds = Math.ceil((1 - b.tokens) / rate / 1000);
      return next(
        new HttpError('RATE_LIMITED', `more than ${perMinute} requests a minute; retry in ${seconds} s`, {
          headers: { 'Retry-After': String(seconds) },
        }),
      );
    }
    b.tokens -= 1;
    next();
  };
}
