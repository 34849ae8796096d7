import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Request, Response } from 'express';
import { HttpError } from './problem.js';
import { clientFileName } from './upload-name.js';

/** A file upload as a handler gets it: already on disk, its size limit already enforced. */
export interface Upload {
  /** The file, in the service's uploads directory, named by a fresh random id (and the route's extension). */
  readonly path: string;
  /** Its size in bytes, as stored (after a `Content-Encoding` is undone). */
  readonly bytes: number;
  /** The request's media type, without parameters: `text/csv`, `application/gzip`; empty when it gave none. */
  readonly mediaType: string;
  /**
   * The file's name as the client gave it (`Content-Disposition` filename, or the `filename` query
   * parameter), its last path segment only; null when it gave none. Never a path on this server.
   */
  readonly name: string | null;
  /**
   * What messages call the file: its `name`, else "the uploaded file" (never the random name it is
   * stored under, which means nothing to its sender).
   */
  readonly label: string;
}

/** Options of {@link receiveUpload}. */
export interface ReceiveOptions {
  /** The directory the file goes to (made when missing). */
  readonly dir: string;
  /** Largest file, in bytes. */
  readonly maxBytes: number;
  /**
   * Extensions for the file's random name by media type (`{ 'text/csv': '.csv' }`); a body of another
   * type (or none) takes its client's name's extension when it is one of these. @defaultValue none
   */
  readonly extensions?: Readonly<Record<string, string>> | undefined;
  /** Stops the upload (the request timed out, the client went away); the partial file is removed. */
  readonly signal?: AbortSignal | undefined;
  /** How long the body may go without a byte before the upload fails with a 408. @defaultValue `30000` */
  readonly idleMs?: number;
}

/** Decoders of the `Content-Encoding`s the kit undoes, as body-parser did before uploads streamed. */
const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

const tooLarge = (maxBytes: number) =>
  new HttpError(
    'PAYLOAD_TOO_LARGE',
    `the request body is larger than this route accepts (at most ${maxBytes} bytes)`,
  );

/** Passes bytes through and counts them; past the limit it fails, which stops the upload at once. */
class ByteLimit extends Transform {
  bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) callback(tooLarge(this.maxBytes));
    else callback(null, chunk);
  }
}

/** The decoder of a `Content-Encoding`, null for none; 415 for one the kit does not undo. */
function decoderOf(encoding: string | undefined): Transform | null {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === 'identity') return null;
  // The client's text, so only the table's own entries count (not `constructor`, `toString`).
  const make = Object.hasOwn(DECODERS, name) ? DECODERS[name] : undefined;
  if (!make)
    throw new HttpError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Encoding "${name}" is not supported; send the file as is, or with gzip, deflate or br`,
    );
  return make();
}

/**
 * Whether a request to a route that takes uploads is one. Any body but JSON is the file, read with
 * the query's parameters, whatever type it claims or whether it claims one: `curl --data-binary @f`
 * says `application/x-www-form-urlencoded` or (with `-H 'Content-Type:'`) nothing, and the readers
 * tell the file by its content. JSON, or no body, is the route's JSON body when it takes one, else a
 * 415 that says what to send; so is a multipart form, whose envelope is not the file.
 */
export function isUploadRequest(req: Request, route: { json: boolean; types: readonly string[] }): boolean {
  // null when the request has no body; an empty one that says nothing of its type is none either
  const bare = req.get('content-length') === '0' && !req.get('content-type');
  const json = bare ? null : req.is('application/json');
  const send = `send the file itself as the request body (as ${route.types.join(', ')})`;
  if (req.is('multipart/*'))
    throw new HttpError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${send}, not as a multipart form: curl --data-binary @file, its name in Content-Disposition or ?filename=`,
    );
  if (json === null || json) {
    if (route.json) return false;
    throw new HttpError('UNSUPPORTED_MEDIA_TYPE', json ? `this route takes a file, not JSON: ${send}` : send);
  }
  return true;
}

/**
 * Stops reading a request whose body will not be used. The answer then closes the connection, so
 * the rest of the body is neither read nor kept: the client sees the answer as soon as it is sent.
 */
function stopReading(req: Request, res: Response): void {
  if (req.complete) return;
  req.pause();
  if (!res.headersSent) res.setHeader('Connection', 'close');
}

/**
 * Streams a request's body to a new file in `options.dir` as it arrives, undoing a `Content-Encoding`
 * on the way. Past `maxBytes` (counted after decoding, so a small gzip bomb stops too) it fails with a
 * 413 at once, without reading the rest; on any failure, a client that goes away included, the
 * partial file is removed before the promise settles.
 *
 * @example
 * ```ts
 * const upload = await receiveUpload(req, res, { dir: '.strata/uploads', maxBytes: 2 ** 20, signal });
 * ```
 */
export async function receiveUpload(req: Request, res: Response, options: ReceiveOptions): Promise<Upload> {
  const mediaType = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  let decoder: Transform | null;
  try {
    decoder = decoderOf(req.get('content-encoding'));
    // The declared length of a plain body is checked before a byte is read (a lie is caught below).
    if (!decoder && Number(req.get('content-length')) > options.maxBytes) throw tooLarge(options.maxBytes);
  } catch (err) {
    stopReading(req, res);
    throw err;
  }
  const name = clientFileName(req);
  await mkdir(options.dir, { recursive: true });
  const path = join(options.dir, `${randomUUID()}${extensionOf(mediaType, name, options.extensions)}`);
  const limit = new ByteLimit(options.maxBytes);
  const file = createWriteStream(path, { flags: 'wx' });
  const stages = decoder ? [decoder, limit, file] : [limit, file];
  const head = stages[0]!;
  // A request does not pass its end on through pipe(): a client that goes away must stop the pipeline.
  const cutOff = () => {
    if (!req.complete)
      head.destroy(new HttpError('BAD_REQUEST', 'the upload was cut off before the end of its body'));
  };
  req.once('close', cutOff).once('error', cutOff);
  // A sender that stalls is let go; one that keeps sending may take as long as its link needs.
  const idleMs = options.idleMs ?? 30_000;
  const stalled = () =>
    head.destroy(new HttpError('REQUEST_TIMEOUT', `the upload sent nothing for ${idleMs} ms; send it again`));
  const idle = setTimeout(stalled, idleMs).unref();
  const onData = () => idle.refresh();
  req.on('data', onData);
  let decodeError: unknown;
  decoder?.once('error', (err) => (decodeError = err));
  req.pipe(head);
  try {
    await pipeline(stages, options.signal ? { signal: options.signal } : {});
    return { path, bytes: limit.bytes, mediaType, name, label: name ?? 'the uploaded file' };
  } catch (err) {
    req.unpipe(head);
    stopReading(req, res);
    // The file is opened asynchronously: removed before its stream closes, it could be made again.
    if (!file.closed) await once(file, 'close').catch(() => undefined);
    await rm(path, { force: true });
    throw failureOf(err, { decodeError, signal: options.signal, encoding: req.get('content-encoding') });
  } finally {
    clearTimeout(idle);
    req.off('close', cutOff).off('error', cutOff).off('data', onData);
  }
}

/**
 * The extension of an upload's stored name: its media type's, else (a body sent without a type, or
 * as `application/octet-stream`) its client's name's when the route knows it, else none.
 */
function extensionOf(
  mediaType: string,
  name: string | null,
  extensions: Readonly<Record<string, string>> | undefined,
): string {
  // The media type is the client's text: `constructor` or `__proto__` must not find Object's own members.
  if (extensions && Object.hasOwn(extensions, mediaType)) return extensions[mediaType]!;
  const known = new Set(Object.values(extensions ?? {}).map((e) => e.toLowerCase()));
  const own = name && /\.[A-Za-z0-9]+$/.exec(name)?.[0]?.toLowerCase();
  return own && known.has(own) ? own : '';
}

/** What a failed upload tells the client: a Strata problem where the client is the cause. */
function failureOf(
  err: unknown,
  seen: { decodeError: unknown; signal: AbortSignal | undefined; encoding: string | undefined },
): unknown {
  if (err instanceof HttpError) return err;
  if (err === seen.decodeError)
    return new HttpError(
      'BAD_REQUEST',
      `the body is not valid ${seen.encoding ?? ''} (its Content-Encoding): ${(err as Error).message}`,
      { cause: err },
    );
  if (seen.signal?.aborted) {
    const reason = seen.signal.reason as { message?: string } | undefined;
    return new HttpError('ABORTED', `the upload stopped: ${reason?.message ?? 'aborted'}`, { cause: err });
  }
  return err;
}

/**
 * Removes an upload's file once the response has ended (at once when it already has): the file of
 * a request that used it only to answer, or of a request that failed.
 */
export function removeWhenAnswered(res: Response, path: string): void {
  // A file that cannot be removed now is left for the uploads directory's retention to clear.
  const remove = () => void rm(path, { force: true }).catch(() => undefined);
  if (res.closed) remove();
  else res.once('close', remove);
}
