import type { JobView } from '@strata/service';

/** One refused field of a request, as a validation problem lists it. */
export interface FieldError {
  readonly field: string | null;
  readonly message: string;
}

/** An API error as the server's problem+json tells it, with the request field it blames (if any). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The control it concerns: `h`, `models`, `library`, ... (`body.`/`query.` and indices dropped). */
    readonly field: string | null,
    /** The field as the problem names it, a dotted path (`body.options.queries.0.smiles`). */
    readonly path: string | null = field,
    /** Every field a validation problem lists (it may refuse several at once), with its message. */
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

const KEY = 'strata.apiKey';

/** The API key this browser sends (when the server wants one). */
export const apiKey = {
  get: (): string | null => localStorage.getItem(KEY),
  set: (key: string | null) => (key ? localStorage.setItem(KEY, key) : localStorage.removeItem(KEY)),
};

/** Listeners told when the server asks for a key, so the page can offer a field for it. */
export const onUnauthorised = new Set<() => void>();

function headers(extra: HeadersInit = {}): Headers {
  const h = new Headers(extra);
  const key = apiKey.get();
  if (key) h.set('Authorization', `Bearer ${key}`);
  return h;
}

/** The control a problem's `field` (e.g. `body.models.2`) belongs to. */
export function controlOf(field: unknown): string | null {
  if (typeof field !== 'string' || !field) return null;
  const parts = field.split('.').filter((p) => p !== 'body' && p !== 'query' && p !== 'params');
  return parts.find((p) => !/^\d+$/.test(p)) ?? null;
}

async function errorOf(res: Response): Promise<ApiError> {
  if (res.status === 401 || res.status === 403) onUnauthorised.forEach((f) => f());
  let problem: Record<string, unknown> = {};
  try {
    problem = (await res.json()) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const detail = typeof problem.detail === 'string' ? problem.detail : null;
  const title = typeof problem.title === 'string' ? problem.title : res.statusText;
  const path = typeof problem.field === 'string' ? problem.field : null;
  const errors = Array.isArray(problem.errors) ? problem.errors.flatMap(fieldErrorOf) : [];
  return new ApiError(detail ?? `${res.status} ${title}`, res.status, controlOf(path), path, errors);
}

/** A problem's `errors` entry, when it is one (`{ field, message }`). */
function fieldErrorOf(e: unknown): FieldError[] {
  if (typeof e !== 'object' || e === null) return [];
  const { field, message } = e as Record<string, unknown>;
  if (typeof message !== 'string') return [];
  return [{ field: typeof field === 'string' ? field : null, message }];
}

/** Fetches a path of the APIs (relative to the console, e.g. `drug/v1/libraries`); throws {@link ApiError}. */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: headers(init.headers) });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError('the server cannot be reached: is it running?', 0, null);
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

/** GETs JSON. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await (await request(path, signal ? { signal } : {})).json()) as T;
}

/**
 * POSTs JSON, or a file as the raw body (its options then go in the query), named by the user's file
 * name so that the server's messages about it (a failed job's) call it by that name.
 */
export async function post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const file = body instanceof Blob;
  const res = await request(path, {
    method: 'POST',
    headers: {
      'Content-Type': file ? contentTypeOf(body) : 'application/json',
      ...(body instanceof File ? { 'Content-Disposition': dispositionOf(body.name) } : {}),
    },
    body: file ? body : JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  return (await res.json()) as T;
}

/** `Content-Disposition` naming a file: an ASCII fallback, and the name itself as RFC 8187 UTF-8. */
function dispositionOf(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The upload's type as the server accepts it: by extension when the browser leaves it empty. */
function contentTypeOf(file: Blob): string {
  const name = file instanceof File ? file.name.toLowerCase() : '';
  if (name.endsWith('.gz')) return 'application/gzip';
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.tsv')) return 'text/tab-separated-values';
  if (name.endsWith('.sdf') || name.endsWith('.sd')) return 'chemical/x-mdl-sdfile';
  if (name.endsWith('.nc') || name.endsWith('.nc4') || name.endsWith('.cdf')) return 'application/x-netcdf';
  if (name.endsWith('.arrow')) return 'application/vnd.apache.arrow.file';
  if (name.endsWith('.smi') || name.endsWith('.txt')) return 'text/plain';
  return file.type || 'application/octet-stream';
}

/** A job as the APIs show it. */
export type Job = JobView;

/**
 * Follows a job's Server-Sent Events (`<api>/v1/jobs/<id>/events`) until it ends, calling `onJob`
 * with each state. Read through fetch rather than EventSource, so an API key can go in a header.
 */
export async function followJob(
  api: string,
  id: string,
  onJob: (job: Job) => void,
  signal: AbortSignal,
): Promise<Job | null> {
  const res = await request(`${api}/v1/jobs/${encodeURIComponent(id)}/events`, {
    signal,
    headers: { Accept: 'text/event-stream' },
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let last: Job | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return last;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      if (data) onJob((last = JSON.parse(data) as Job));
    }
  }
}

/** Downloads a file of the APIs (with the key, which a plain link could not send) under the server's name. */
export async function download(path: string): Promise<void> {
  const res = await request(path);
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? path.split('/').pop()!.split('?')[0]!;
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
