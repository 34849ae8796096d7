import { z } from 'zod';
import { InvalidArgumentError, silentLogger, type Logger } from '@strata/core';
import type { RequestExample, RouteSpec } from './api.js';
import type { StatusTable } from './http-status.js';
import { errorResponses } from './openapi-errors.js';

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

/** Path or query parameters of an object schema, one entry per key, with the example's values. */
function parametersOf(
  schema: z.ZodType | undefined,
  where: 'path' | 'query',
  examples: Readonly<Record<string, unknown>> = {},
): JsonSchema[] {
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
      ...(examples[name] !== undefined ? { example: examples[name] } : {}),
    };
  });
}

/**
 * Throws `INVALID_ARGUMENT` when a route's example would not pass its own schemas: an example that
 * drifted from the schema would send every "Try it out" to a 400.
 */
function checkExample(spec: RouteSpec, example: RequestExample): void {
  const where = `${spec.method.toUpperCase()} ${spec.path}`;
  // Query values arrive as text: the example is checked as the server will read it.
  const query = Object.fromEntries(Object.entries(example.query ?? {}).map(([k, v]) => [k, String(v)]));
  // An upload example stands in for the JSON body; a JSON body given beside it is checked all the same.
  const body = example.body !== undefined || !example.upload ? spec.body : undefined;
  const parts: [string, z.ZodType | undefined, unknown][] = [
    ['params', spec.params, example.params ?? {}],
    ['query', spec.query, query],
    ['body', body, example.body ?? {}],
  ];
  for (const [part, schema, value] of parts) {
    const result = schema?.safeParse(value);
    if (result && !result.success) {
      const issue = result.error.issues[0]!;
      throw new InvalidArgumentError(
        `example.${[part, ...issue.path.map(String)].join('.')}`,
        `the example of ${where} fails its own schema: ${issue.message}`,
      );
    }
  }
  if (example.upload && !spec.upload?.types.includes(example.upload.type))
    throw new InvalidArgumentError(
      'example.upload.type',
      `the example of ${where} uploads ${example.upload.type}, which the route does not take`,
    );
}

/**
 * The route's example when it passes its schemas. Examples are often made from data (a bundled
 * series, the first model of a registry, a dataset's first initial time), so one that fails is a
 * documentation fault, not a reason to refuse to start: it is left out with a warning, or thrown
 * where `strict` (tests, which must catch it).
 */
function exampleOf(spec: RouteSpec, ctx: DocumentContext): RequestExample | undefined {
  if (!spec.example) return undefined;
  try {
    checkExample(spec, spec.example);
    return spec.example;
  } catch (err) {
    if (ctx.strict || !(err instanceof InvalidArgumentError)) throw err;
    ctx.logger.warn(
      { route: `${spec.method.toUpperCase()} ${spec.path}`, field: err.context.argument },
      `${err.message}; the example is left out of the OpenAPI document`,
    );
    return undefined;
  }
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

/** The request body's media types: JSON and the upload's types, with the example where there is one. */
function requestContent(spec: RouteSpec, example: RequestExample | undefined): Record<string, JsonSchema> {
  const content: Record<string, JsonSchema> = {};
  if (spec.body)
    content['application/json'] = {
      schema: schemaOf(spec.body, 'input'),
      ...(example?.body !== undefined ? { example: example.body } : {}),
    };
  for (const type of spec.upload?.types ?? []) {
    const description = spec.upload!.description;
    // A text file shown as text, so the page can send the example as it stands; others are a file to pick.
    content[type] =
      example?.upload?.type === type
        ? { schema: { type: 'string', description }, example: example.upload.text }
        : { schema: { type: 'string', format: 'binary', description } };
  }
  return content;
}

/**
 * How a client names the file it uploads (the kit keeps the name for every message about the file):
 * the parameters of every route that takes one.
 */
const UPLOAD_NAME_PARAMETERS: readonly JsonSchema[] = [
  {
    name: 'filename',
    in: 'query',
    required: false,
    description:
      'With a file upload: the file’s name, which messages about it use (or send Content-Disposition); a longer one than 120 characters is cut, its extension kept.',
    schema: { type: 'string', maxLength: 255 },
  },
  {
    name: 'Content-Disposition',
    in: 'header',
    required: false,
    description: 'With a file upload: `attachment; filename="era5.nc"` names the file, as `filename` does.',
    schema: { type: 'string' },
  },
];

/**
 * Where the document is made: whether keys guard `/v1` and `/v2`, the rate limit, the domain's codes;
 * what becomes of an example that fails its schemas.
 */
interface DocumentContext {
  readonly secured: boolean;
  readonly rateLimited: boolean;
  readonly statuses: StatusTable | undefined;
  readonly strict: boolean;
  readonly logger: Logger;
}

function operationOf(spec: RouteSpec, ctx: DocumentContext): JsonSchema {
  const example = exampleOf(spec, ctx);
  const guarded = /^\/v[12]\//.test(spec.path);
  const secured = ctx.secured && guarded;
  const content = requestContent(spec, example);
  const success: Record<string, JsonSchema> = {};
  success['application/json'] = spec.response ? { schema: schemaOf(spec.response, 'output') } : {};
  for (const type of spec.produces ?? []) success[type] = {};
  return {
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.tags ? { tags: spec.tags } : {}),
    operationId: `${spec.method}${spec.path.replace(/[{}]/g, '').replace(/(^|[/_-])(\w)/g, (_, _s, c: string) => c.toUpperCase())}`,
    parameters: [
      ...parametersOf(spec.params, 'path', example?.params),
      ...parametersOf(spec.query, 'query', example?.query),
      ...(spec.upload ? UPLOAD_NAME_PARAMETERS : []),
    ],
    ...(Object.keys(content).length
      ? {
          requestBody: {
            required: true,
            content,
            ...(spec.upload
              ? {
                  description:
                    'The file is the body: any body but JSON is taken as the file, whatever its Content-Type.',
                }
              : {}),
          },
        }
      : {}),
    responses: {
      [String(spec.status ?? 200)]: { description: 'Success', content: success },
      ...Object.fromEntries(
        (spec.otherStatuses ?? []).map((s) => [String(s), { description: 'Success', content: success }]),
      ),
      ...errorResponses(spec, { secured, rateLimited: ctx.rateLimited && guarded }, ctx.statuses),
    },
    ...(secured ? {} : { security: [] }),
  };
}

/** Options of {@link openApiDocument}. */
export interface OpenApiOptions {
  /** Whether routes under `/v1` and `/v2` need the bearer key. */
  readonly secured: boolean;
  /** Whether the per-key rate limit counts routes under `/v1` and `/v2`. @defaultValue `false` */
  readonly rateLimited?: boolean;
  /** The statuses of the domain's own error codes, which routes declare in `errors`. @defaultValue none */
  readonly statuses?: StatusTable;
  /**
   * The server's URL, relative to the host (`/drug` where the gateway mounts the app); the
   * `/openapi.json` route answers with the mount path of each request. @defaultValue `/`
   */
  readonly serverUrl?: string;
  /**
   * Whether an example that fails its route's schemas throws `INVALID_ARGUMENT` (tests, which must
   * catch one that drifted) rather than being left out of the document with a warning (a server,
   * whose examples made from data must not stop it starting). @defaultValue `false`
   */
  readonly strictExamples?: boolean;
  /** Where a left-out example is warned about. @defaultValue a silent logger */
  readonly logger?: Logger;
}

/**
 * The OpenAPI 3.1 document of a set of routes, made from the same zod schemas that validate them, with
 * each route's example request and its error responses by status. Routes under `/v1` and `/v2` need the
 * bearer key when `secured`; the others (health, metrics) never do. An example that fails its route's
 * schemas is left out with a warning (thrown with `strictExamples`); an error code no status table
 * knows throws `INVALID_ARGUMENT`.
 */
export function openApiDocument(
  info: ApiInfo,
  routes: readonly RouteSpec[],
  options: OpenApiOptions,
): JsonSchema {
  const ctx: DocumentContext = {
    secured: options.secured,
    rateLimited: options.rateLimited ?? false,
    statuses: options.statuses,
    strict: options.strictExamples ?? false,
    logger: options.logger ?? silentLogger,
  };
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of routes) (paths[spec.path] ??= {})[spec.method] = operationOf(spec, ctx);
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: options.serverUrl ?? '/', description: 'This server' }],
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
