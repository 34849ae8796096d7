import { z } from 'zod';
import type { RouteSpec } from './api.js';

/** The document's header. */
export interface ApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Path or query parameters of an object schema, one entry per key. */
function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable error code: switch on this.' },
    field: { type: 'string', description: 'The offending field of a validation error.' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
    requestId: { type: 'string' },
  },
};

function operationOf(spec: RouteSpec, secured: boolean): JsonSchema {
  const content: Record<string, JsonSchema> = {};
  if (spec.body) content['application/json'] = { schema: schemaOf(spec.body, 'input') };
  for (const type of spec.upload?.types ?? [])
    content[type] = { schema: { type: 'string', format: 'binary', description: spec.upload!.description } };
  const success: Record<string, JsonSchema> = {};
  success['application/json'] = spec.response ? { schema: schemaOf(spec.response, 'output') } : {};
  for (const type of spec.produces ?? []) success[type] = {};
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  return {
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.tags ? { tags: spec.tags } : {}),
    operationId: `${spec.method}${spec.path.replace(/[{}]/g, '').replace(/(^|[/_-])(\w)/g, (_, _s, c: string) => c.toUpperCase())}`,
    parameters: [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query')],
    ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
    responses: {
      [String(spec.status ?? 200)]: { description: 'Success', content: success },
      '4XX': { description: 'The request is wrong: see `code` and `detail`', content: problem },
      '5XX': { description: 'The server failed or is not ready', content: problem },
    },
    ...(secured ? {} : { security: [] }),
  };
}

/**
 * The OpenAPI 3.1 document of a set of routes, made from the same zod schemas that validate them.
 * Routes under `/v1` and `/v2` need the bearer key when `secured`; the others (health, metrics) never do.
 */
export function openApiDocument(
  info: ApiInfo,
  routes: readonly RouteSpec[],
  options: { secured: boolean },
): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of routes) {
    const secured = options.secured && /^\/v[12]\//.test(spec.path);
    (paths[spec.path] ??= {})[spec.method] = operationOf(spec, secured);
  }
  return {
    openapi: '3.1.0',
    info,
    // Relative, so the document is right wherever the app is mounted (the gateway puts it under /<domain>).
    servers: [{ url: '.' }],
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      ...(options.secured
        ? { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key' } } }
        : {}),
    },
    ...(options.secured ? { security: [{ apiKey: [] }] } : {}),
  };
}
