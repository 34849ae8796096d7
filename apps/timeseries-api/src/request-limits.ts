import { DeadlineError, InvalidArgumentError, isStrataError } from '@strata/core';

/** How long a request's forecasting may run, and who set that. */
export interface WorkLimit {
  readonly ms: number;
  /** When the work must end, in ms since 1970 UTC. */
  readonly deadline: number;
  readonly setBy: 'client' | 'server';
}

/**
 * The limit of one request's forecasting: the client's `timeoutMs` where it is shorter, else the
 * server's request timeout less a margin, so that the fits stop, and the answer names the limit,
 * before the server's own timeout answers a bare 503.
 */
export function workLimit(serverTimeoutMs: number, asked: number | undefined): WorkLimit {
  const server = serverTimeoutMs - Math.min(1_000, Math.floor(serverTimeoutMs / 10));
  const ms = asked !== undefined && asked < server ? asked : server;
  return { ms, deadline: Date.now() + ms, setBy: ms === asked ? 'client' : 'server' };
}

/** What a request's work is, for the message past its limit: a noun, and what to do instead. */
export interface LimitedWork {
  readonly name: string;
  readonly instead: string;
}

/** A request's forecasts. */
export const FORECASTING: LimitedWork = {
  name: 'forecasting',
  instead: 'forecast long or many series as a job (POST /v1/forecast-jobs), or with a faster model',
};

/**
 * Runs the work; past its limit, the `DEADLINE_EXCEEDED` (503) says what did not finish, which limit
 * and what to do instead.
 */
export async function withinLimit<T>(
  limit: WorkLimit,
  work: () => Promise<T>,
  what: LimitedWork = FORECASTING,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isStrataError(err, 'DEADLINE_EXCEEDED')) throw err;
    const which = limit.setBy === 'client' ? 'the timeoutMs asked' : 'the server’s limit for a request';
    throw new DeadlineError(limit.deadline, {
      message:
        `${what.name} did not finish within ${limit.ms} ms (${which}; deadline ` +
        `${new Date(limit.deadline).toISOString()}): ${what.instead}`,
      cause: err,
    });
  }
}

/** The most numbers one forecast answer may hold: about 200 MB of JSON. */
export const MAX_ANSWER_NUMBERS = 10_000_000;

/**
 * Refuses, before any work, a request whose answer would be too large to build: each series gets
 * `h` point forecasts and two bounds per level.
 */
export function checkAnswerSize(series: number, h: number, levels: number): void {
  const numbers = series * h * (1 + 2 * levels);
  if (numbers > MAX_ANSWER_NUMBERS)
    throw new InvalidArgumentError(
      'body.h',
      `${series} series × h ${h} × (1 + 2 × ${levels} levels) is ${numbers} numbers to answer; at most ` +
        `${MAX_ANSWER_NUMBERS}: ask for fewer series or a shorter horizon, or submit a job (POST /v1/forecast-jobs)`,
      { value: h },
    );
}
