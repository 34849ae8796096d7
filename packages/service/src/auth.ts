import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
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

/** A key as the server holds it: its digest, never the key. */
interface KnownKey {
  readonly hash: Buffer;
  readonly name: string;
  readonly scopes: readonly string[];
}

/** The keys as digests, each with the name logs and limits use. */
function knownKeys(keys: readonly ApiKey[]): KnownKey[] {
  return keys.map((k) => ({
    hash: digest(k.key),
    name: k.name ?? `key:${digest(k.key).toString('hex').slice(0, 8)}`,
    scopes: k.scopes,
  }));
}

/** The key a request sends as `Authorization: Bearer <key>`, or null when it sends none. */
function bearerOf(req: Request): string | null {
  return /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? null;
}

/** The known key equal to `given`, every key compared, so the time taken does not tell which (or whether one) matched. */
function match(known: readonly KnownKey[], given: string): KnownKey | undefined {
  const hash = digest(given);
  let found: KnownKey | undefined;
  for (const k of known) if (timingSafeEqual(k.hash, hash)) found = k;
  return found;
}

/**
 * Whether a request sends one of `keys` (of any domain): a check for middleware that lets a request
 * with a key pass where it would refuse one without (a browser never adds a key of its own accord).
 */
export function sendsApiKey(keys: readonly ApiKey[]): (req: Request) => boolean {
  const known = knownKeys(keys);
  return (req) => {
    const given = known.length ? bearerOf(req) : null;
    return given !== null && match(known, given) !== undefined;
  };
}

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
  const known = knownKeys(keys);
  const challenge = { 'WWW-Authenticate': 'Bearer realm="strata"' };
  return (req, res, next) => {
    const client = clientOf(req);
    const wait = failures.wait(client);
    if (wait > 0) return next(failures.limited('failed authentications from this address', wait));
    const refuse = (detail: string) => {
      failures.take(client);
      next(new HttpError('UNAUTHORIZED', detail, { headers: challenge }));
    };
    const given = bearerOf(req);
    if (given === null) return refuse('send an API key as "Authorization: Bearer <key>"');
    const found = match(known, given);
    if (!found) return refuse('the API key is not valid');
    if (!found.scopes.includes('*') && !found.scopes.includes(domain)) {
      return next(new HttpError('FORBIDDEN', `this API key is not allowed to call the ${domain} API`));
    }
    res.locals.caller = found.name;
    next();
  };
}
