import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** What a chunked POST got back. */
export interface ChunkedAnswer {
  /** Whether the client sent the whole body before the answer came. */
  readonly sentAll: boolean;
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

/**
 * POSTs `chunks` to `url` one after another as the server takes them, and stops sending as soon as an
 * answer comes: a server may answer before the body's end (a 413), then close the connection, and
 * writing into it then is expected. The body is parsed as JSON (an empty one as `{}`).
 *
 * @example
 * ```ts
 * const res = await postChunks(`${base}/v1/files`, { 'content-type': 'text/csv' }, repeat(row, 4096));
 * expect(res).toMatchObject({ status: 413, sentAll: false });
 * ```
 */
export function postChunks(
  url: string,
  headers: Record<string, string>,
  chunks: Iterable<Buffer>,
): Promise<ChunkedAnswer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    let sentAll = false;
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString();
        resolve({
          sentAll,
          status: res.statusCode!,
          headers: res.headers,
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        });
      });
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const it = chunks[Symbol.iterator]();
    const next = () => {
      if (answered) return;
      const chunk = it.next();
      if (chunk.done) {
        sentAll = true;
        req.end();
      } else if (req.write(chunk.value)) setImmediate(next);
      else req.once('drain', next);
    };
    next();
  });
}

/** `chunk`, `times` times over: a large body that is never in memory whole. */
export function* repeat(chunk: Buffer, times: number): Generator<Buffer> {
  for (let i = 0; i < times; i++) yield chunk;
}
