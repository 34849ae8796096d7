import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** An app listening on a free port of 127.0.0.1, for tests that send real HTTP requests to it. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>`. */
  readonly base: string;
  /** Stops listening (open connections are closed). */
  close(): Promise<void>;
}

/**
 * Listens on a free local port.
 *
 * @example
 * ```ts
 * const server = await listenLocal(app);
 * const res = await fetch(`${server.base}/healthz`);
 * await server.close();
 * ```
 */
export async function listenLocal(app: Express): Promise<LocalServer> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
