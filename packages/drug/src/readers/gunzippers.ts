// The gzip decompressor under `gunzipLimited`: Node's zlib where it runs on Node, else the web-standard
// DecompressionStream. Not the web one on Node: cancelling it while zlib still has output throws
// ERR_INVALID_STATE ("Controller is already closed") as an uncaught exception, which ends the thread.

/** A gzip decompressor: compressed bytes written in, decompressed bytes read out. */
export interface Gunzipper {
  /** Resolves once the chunk is taken (or the decompressor is gone): the source waits on it. */
  write(chunk: Uint8Array): Promise<void>;
  /** No more input: the output ends once what was written is decompressed. */
  end(): void;
  /** The source failed: the output fails with its error. */
  fail(err: unknown): void;
  readonly output: AsyncIterator<Uint8Array>;
  /** Stops early and releases it: no more output, and no error later. */
  stop(): Promise<void>;
}

/** The part of `node:zlib` used here, found without importing it, so the readers still run anywhere. */
interface NodeZlib {
  createGunzip(): NodeGunzip;
}
interface NodeGunzip extends AsyncIterable<Uint8Array> {
  readonly destroyed: boolean;
  write(chunk: Uint8Array): boolean;
  end(): void;
  destroy(err?: unknown): void;
  once(event: 'drain' | 'close', listener: () => void): void;
  off(event: 'drain' | 'close', listener: () => void): void;
}

function nodeZlib(): NodeZlib | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return (proc?.getBuiltinModule?.('node:zlib') as NodeZlib | undefined) ?? null;
}

function nodeGunzipper(zlib: NodeZlib): Gunzipper {
  const z = zlib.createGunzip();
  const output = z[Symbol.asyncIterator]();
  return {
    write: (chunk) =>
      new Promise<void>((resolve) => {
        if (z.destroyed || z.write(chunk)) return resolve();
        const go = () => {
          z.off('drain', go);
          z.off('close', go);
          resolve();
        };
        z.once('drain', go);
        z.once('close', go);
      }),
    end: () => z.end(),
    fail: (err) => z.destroy(err),
    output,
    stop: async () => {
      z.destroy();
      await output.return?.();
    },
  };
}

function webGunzipper(): Gunzipper {
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const reader = (stream.readable as ReadableStream<Uint8Array>).getReader();
  const output: AsyncIterator<Uint8Array> = {
    next: async () => {
      const r = await reader.read();
      return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
    },
  };
  return {
    write: (chunk) => writer.write(chunk).catch(() => undefined),
    end: () => void writer.close().catch(() => undefined),
    fail: (err) => void writer.abort(err).catch(() => undefined),
    output,
    stop: async () => {
      await reader.cancel().catch(() => undefined);
    },
  };
}

/** A gzip decompressor: Node's zlib on Node, else DecompressionStream (or that one when `web`). */
export function gunzipper(options: { web?: boolean } = {}): Gunzipper {
  const zlib = options.web ? null : nodeZlib();
  return zlib ? nodeGunzipper(zlib) : webGunzipper();
}
