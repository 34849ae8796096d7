import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './problem.js';
import { TokenBuckets, clientOf } from './rate-limit.js';

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
 * Failed attempts are limited per client address (`failuresPerMinute`): past it, a 429 comes before
 * any key is looked at, so keys cannot be guessed at the server's speed.
 */
export function requireApiKey(
  keys: readonly ApiKey[],
  domain: string,
  options: { failuresPerMinute?: number; now?: () => number } = {},
): RequestHandler {
  const failures = new TokenBuckets(options.failuresPerMinute ?? 30, options.now);
  const known = keys.map((k) => ({
    hash: digest(k.key),
    name: k.name ?? `key:${digest(k.key).toString('hex').slice(0, 8)}`,
    scopes: k.scopes,
  }));
  const challenge = { 'WWW-Authenticate': 'Bearer realm="strata"' };
  return (req, res, next) => {
    const client = clientOf(req);
    const wait = failures.wait(client);
    if (wait > 0) return next(failures.limited('failed authentications from this address', wait));
    const refuse = (detail: string) => {
      failures.take(client);
      next(new HttpError('UNAUTHORIZED', detail, { headers: challenge }));
    };
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match) return refuse('send an API key as "Authorization: Bearer <key>"');
    const given = digest(match[1]!);
    let found: (typeof known)[number] | undefined;
    // Every key is compared, so the time taken does not tell which (or whether one) matched.
    for (const k of known) if (timingSafeEqual(k.hash, given)) found = k;
    if (!found) return refuse('the API key is not valid');
    if (!found.scopes.includes('*') && !found.scopes.includes(domain)) {
      return next(new HttpError('FORBIDDEN', `this API key is not allowed to call the ${domain} API`));
    }
    res.locals.caller = found.name;
    next();
  };
}
