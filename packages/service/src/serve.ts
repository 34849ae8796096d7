import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { silentLogger, type Logger } from '@strata/core';

/** Options of {@link serve}. */
export interface ServeOptions {
  readonly port: number;
  /** @defaultValue `'127.0.0.1'` */
  readonly host?: string;
  /** @defaultValue a silent logger */
  readonly logger?: Logger;
  /** Runs after the server stops taking requests: close queues (running jobs checkpoint), models. */
  readonly onShutdown?: () => Promise<void>;
  /** How long in-flight requests get to finish before their connections are closed. @defaultValue `10000` */
  readonly graceMs?: number;
  /** Exits the process when shut down by a signal. @defaultValue `true` */
  readonly exitOnSignal?: boolean;
}

/** A listening server and how to stop it. */
export interface Serving {
  readonly server: Server;
  /** The port listened on (the real one when 0 was asked). */
  readonly port: number;
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish (up to the grace time), then runs `onShutdown`. */
  shutdown(): Promise<void>;
}

/**
 * Listens, and shuts down gracefully on SIGTERM or SIGINT: stop accepting connections, finish
 * in-flight requests, close the rest after the grace time (event streams never finish by
 * themselves), checkpoint running jobs through `onShutdown`, then exit 0.
 */
export async function serve(app: Express, options: ServeOptions): Promise<Serving> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  // Node's own limit on receiving a whole request (5 minutes) would cut off a large upload on a slow
  // link: uploads are bounded by their idle time instead, other requests by their deadline.
  server.requestTimeout = 0;
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), options.graceMs ?? 10_000);
      grace.unref();
      await closed;
      clearTimeout(grace);
      await options.onShutdown?.();
    })());
  const onSignal = (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests, checkpointing jobs');
    shutdown().then(
      () => {
        logger.info({}, 'stopped');
        if (options.exitOnSignal ?? true) process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err: err as Error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  server.once('close', () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  });
  const shown = host.includes(':') ? `[${host}]` : host;
  return { server, port, url: `http://${shown}:${port}`, shutdown };
}
