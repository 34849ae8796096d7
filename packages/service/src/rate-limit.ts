import type { Request, RequestHandler } from 'express';
import { HttpError } from './problem.js';

/**
 * Token buckets by key: `perMinute` tokens each, refilled continuously. Idle keys (full again) are
 * forgotten once there are many, so a stream of new keys costs bounded memory.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly rate: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.rate = perMinute / 60_000;
  }

  /** Seconds until `key` has a token again; 0 when it has one now. */
  wait(key: string): number {
    const b = this.refilled(key);
    return b.tokens >= 1 ? 0 : Math.ceil((1 - b.tokens) / this.rate / 1000);
  }

  /** Takes a token from `key`'s bucket (it may go empty); returns the seconds to wait had it none. */
  take(key: string): number {
    const wait = this.wait(key);
    if (wait === 0) this.buckets.get(key)!.tokens -= 1;
    return wait;
  }

  /** The 429 to answer when a bucket is empty. */
  limited(what: string, seconds: number): HttpError {
    return new HttpError(
      'RATE_LIMITED',
      `more than ${this.perMinute} ${what} a minute; retry in ${seconds} s`,
      { headers: { 'Retry-After': String(seconds) } },
    );
  }

  private refilled(key: string): { tokens: number; at: number } {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * this.rate);
    b.at = t;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000)
      for (const [k, v] of this.buckets) if (t - v.at > 60_000) this.buckets.delete(k);
    return b;
  }
}

/**
 * The client a request comes from: its socket's address, or the address a trusted proxy forwarded
 * (Express's `req.ip` honours `X-Forwarded-For` only as the app's `trust proxy` setting allows).
 */
export const clientOf = (req: Request): string => `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;

/**
 * A per-caller rate limit: a token bucket of `perMinute` requests refilled continuously, keyed by
 * API key name or, without keys, by client address. Over the limit: 429 with `Retry-After`.
 */
export function rateLimit(perMinute: number, now: () => number = Date.now): RequestHandler {
  const buckets = new TokenBuckets(perMinute, now);
  return (req, res, next) => {
    const caller = (res.locals.caller as string | undefined) ?? clientOf(req);
    const wait = buckets.take(caller);
    next(wait > 0 ? buckets.limited('requests', wait) : undefined);
  };
}
