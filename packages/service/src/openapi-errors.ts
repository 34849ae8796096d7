import { InvalidArgumentError } from '@strata/core';
import type { RouteSpec } from './api.js';
import { changesState } from './cross-site.js';
import { STATUS_OF_CODE, type StatusTable } from './http-status.js';
import { problemTitle } from './problem.js';

type JsonSchema = Record<string, unknown>;

/** Where a route sits in the app: whether keys guard it and whether the rate limit counts it. */
export interface RouteGuards {
  readonly secured: boolean;
  readonly rateLimited: boolean;
}

/**
 * The codes the kit itself may answer a route with, from what the route takes and where it sits: a
 * route documents these without declaring them, so a new route cannot forget its 400 or 413.
 */
export function kitErrorCodes(spec: RouteSpec, guards: RouteGuards): string[] {
  const codes: string[] = [];
  if (spec.params || spec.query || spec.body) codes.push('VALIDATION_FAILED');
  // Malformed JSON, and a body past the JSON limit.
  if (spec.body) codes.push('BAD_REQUEST', 'PAYLOAD_TOO_LARGE');
  // A file cut off or badly encoded, past its limit, of a type the route does not take, or stalled.
  if (spec.upload)
    codes.push('BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'REQUEST_TIMEOUT');
  // A browser's request from another site's page, without a key.
  if (changesState(spec.method)) codes.push('CROSS_SITE_REQUEST');
  // Failed authentications are limited per address even where the per-key limit is off.
  if (guards.secured) codes.push('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED');
  if (guards.rateLimited) codes.push('RATE_LIMITED');
  codes.push('TIMEOUT', 'INTERNAL');
  return codes;
}

const PROBLEM_CONTENT = {
  'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
};

/**
 * The error responses of a route, one per status (`400`, `404`, `413`, `422`, `429`, `503`, ...), each
 * naming the codes that answer with it: the kit's and the route's own, their statuses from the kit's
 * table and the domain's. Throws `INVALID_ARGUMENT` for a declared code neither table knows, which
 * would otherwise be documented as a 500 it never is.
 */
export function errorResponses(
  spec: RouteSpec,
  guards: RouteGuards,
  statuses: StatusTable = {},
): Record<string, JsonSchema> {
  const byStatus = new Map<number, Set<string>>();
  for (const code of [...kitErrorCodes(spec, guards), ...(spec.errors ?? [])]) {
    const status = statuses[code] ?? (STATUS_OF_CODE as StatusTable)[code];
    if (status === undefined)
      throw new InvalidArgumentError(
        'errors',
        `${spec.method.toUpperCase()} ${spec.path} declares the error code "${code}", which no status table knows`,
      );
    if (!byStatus.has(status)) byStatus.set(status, new Set());
    byStatus.get(status)!.add(code);
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => [
        String(status),
        {
          description: `${problemTitle(status)}: ${[...codes].map((c) => `\`${c}\``).join(', ')}`,
          content: PROBLEM_CONTENT,
        },
      ]),
  );
}
