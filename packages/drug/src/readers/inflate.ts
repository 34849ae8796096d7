import { messageOf, throwIfAborted } from '@strata/core';
import { DrugError } from '../errors.js';
import { gunzipper } from './gunzippers.js';
import { bytesText, limitOf, RATIO_FREE_BYTES, type DecompressionLimits } from './limits.js';

/** Options of {@link gunzipLimited}. */
export interface GunzipOptions extends DecompressionLimits {
  /** Stops the decompression (within one chunk of output) and rejects with `ABORTED`. */
  readonly signal?: AbortSignal;
  /** @internal The decompressor: `web` tests DecompressionStream on Node. @defaultValue zlib on Node */
  readonly engine?: 'web';
}

/** Whether bytes start with the gzip magic number. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Output between two turns of the event loop: a cancel or a shutdown gets in while a bomb inflates. */
const YIELD_EVERY = 4 * 2 ** 20;

/** Lets the event loop run (timers, messages, signals) before going on. */
const turn = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

/** Counts what goes in and comes out of a decompression, and stops it past a limit. */
class Meter {
  consumed = 0;
  produced = 0;
  private readonly maxBytes: number;
  private readonly maxRatio: number;

  constructor(limits: DecompressionLimits) {
    this.maxBytes = limitOf(limits, 'maxDecompressedBytes');
    this.maxRatio = limitOf(limits, 'maxCompressionRatio');
  }

  /** Counts a chunk of output; throws `READER_LIMIT` naming the limit it passes. */
  out(bytes: number): void {
    const { maxBytes, maxRatio, consumed } = this;
    const produced = (this.produced += bytes);
    if (produced > maxBytes)
      throw limitError(
        'maxDecompressedBytes',
        maxBytes,
        `the gzip input decompresses to more than ${bytesText(maxBytes)}, the limit (maxDecompressedBytes): ` +
          'decompress it first, or raise the limit',
      );
    if (produced > RATIO_FREE_BYTES && produced > maxRatio * consumed)
      throw limitError(
        'maxCompressionRatio',
        maxRatio,
        `the gzip input decompresses to more than ${maxRatio} times its size ` +
          `(${bytesText(produced)} from its first ${bytesText(consumed)}), the limit (maxCompressionRatio): ` +
          'a decompression bomb? Decompress a genuine file first, or raise the limit',
      );
  }
}

function limitError(limit: keyof DecompressionLimits, value: number, message: string): DrugError {
  return new DrugError('READER_LIMIT', message, { context: { limit, value } });
}

/**
 * Decompresses a gzip byte stream (concatenated members too; trailing zero padding is ignored) chunk by
 * chunk, holding it to a decompressed size and to a ratio of decompressed to compressed bytes (see
 * {@link DecompressionLimits}): past either it stops and throws `READER_LIMIT` naming the limit. A
 * corrupt or truncated stream, or bytes after the last member, throw `READER_FORMAT`. It checks
 * `signal` at every chunk and lets the event loop run every few MiB, so a cancel stops it promptly.
 *
 * @example
 * ```ts
 * for await (const bytes of gunzipLimited(stream, { maxDecompressedBytes: 2 ** 30, signal })) use(bytes);
 * ```
 */
export async function* gunzipLimited(
  source: AsyncIterable<Uint8Array>,
  options: GunzipOptions = {},
): AsyncGenerator<Uint8Array> {
  const meter = new Meter(options);
  const { signal } = options;
  throwIfAborted(signal);
  const inflater = gunzipper(options.engine === 'web' ? { web: true } : {});
  let stopped = false;
  // Set by the pump: TypeScript cannot see that, hence the cast.
  let sourceFailed = null as { err: unknown } | null;
  const pump = (async () => {
    try {
      for await (const chunk of source) {
        if (stopped) break;
        meter.consumed += chunk.length;
        await inflater.write(chunk);
      }
      inflater.end();
    } catch (err) {
      sourceFailed = { err };
      inflater.fail(err);
    }
  })();
  let nextTurn = YIELD_EVERY;
  try {
    for (;;) {
      throwIfAborted(signal);
      let next: IteratorResult<Uint8Array>;
      try {
        next = await inflater.output.next();
      } catch (err) {
        // The source's own failure as it is; zlib's (bad bytes) as the input's fault.
        if (sourceFailed) throw sourceFailed.err;
        throw new DrugError('READER_FORMAT', `the gzip stream is corrupt or truncated: ${messageOf(err)}`, {
          cause: err,
        });
      }
      if (next.done) break;
      meter.out(next.value.length);
      if (meter.produced >= nextTurn) {
        nextTurn = meter.produced + YIELD_EVERY;
        await turn();
      }
      yield next.value;
    }
  } finally {
    // Stopped early (a limit, a cancel, a consumer that had enough): the inflater and the source stop too.
    stopped = true;
    await inflater.stop();
    await pump;
  }
}
