import { join } from 'node:path';
import type { Logger } from '@strata/core';
import {
  createJsonLogger,
  createThreadedBackend,
  defaultThreadBudget,
  ModelRegistry,
} from '@strata/core/node';
import { openJobQueue, type JobQueue } from '@strata/jobs';
import { jobSettingsOf, settingsOf, type ServiceSettings } from './config.js';
import type { DomainConfig, OpenedDomain, StrataDomain } from './domain.js';
import { createMetrics } from './metrics.js';
import { startServer } from './start-server.js';

/** The shared parts of a process serving some domains, and each domain opened in it. */
export interface DomainProcess {
  readonly logger: Logger;
  readonly queue: JobQueue;
  /** The models of `config.modelsDir`, opened on first call. */
  readonly registry: () => Promise<ModelRegistry>;
  /** The service settings every domain was given (with the shared metrics, for several domains). */
  readonly service: ServiceSettings;
  readonly domains: readonly (OpenedDomain & { readonly domain: StrataDomain })[];
  /** Closes the queue (its jobs checkpoint), then each domain, then the registry. */
  close(): Promise<void>;
}

/**
 * Opens what a process serving `domains` needs, the same way for the gateway and each standalone
 * server: the thread budget sized from `STRATA_THREADS`, a JSON logger, the model registry (opened when
 * first asked for; sessions on their own threads), one job queue with every domain's handlers, and each
 * domain. Several domains share one set of metrics, labelled by their `/<domain>` prefix.
 */
export async function openDomains(
  domains: readonly StrataDomain[],
  config: DomainConfig,
  options: { readonly name: string },
): Promise<DomainProcess> {
  // Busy pool threads (jobs, screens, forecasts) never outnumber STRATA_THREADS.
  defaultThreadBudget().resize(config.threads);
  const logger = createJsonLogger({ name: options.name, level: config.logLevel });
  // Opened once, when first asked for: a standalone drug or time-series server never reads it.
  let opening: Promise<ModelRegistry> | undefined;
  const registry = () =>
    (opening ??= ModelRegistry.open(config.modelsDir, {
      backend: createThreadedBackend({ logger }),
      logger,
    }));
  const solo = domains.length === 1 ? domains[0]!.maxJobWorkers : undefined;
  const queue = await openJobQueue({
    ...jobSettingsOf(config),
    ...(solo !== undefined ? { workers: Math.min(config.jobWorkers, solo) } : {}),
    handlers: Object.assign({}, ...domains.map((d) => d.jobs)) as Record<string, string | URL>,
    logger,
  });
  const service = {
    ...settingsOf(config, logger),
    ...(domains.length > 1 ? { metrics: createMetrics({ app: 'strata', queue }) } : {}),
  };
  const uploadsDir = join(config.stateDir, 'uploads');
  const opened: (OpenedDomain & { domain: StrataDomain })[] = [];
  for (const domain of domains)
    opened.push({ domain, ...(await domain.open({ config, logger, queue, registry, service, uploadsDir })) });
  return {
    logger,
    queue,
    registry,
    service,
    domains: opened,
    async close() {
      await queue.close();
      for (const d of [...opened].reverse()) await d.close();
      if (opening) await (await opening).close();
    },
  };
}

/**
 * Serves one domain on its own port (its standalone server): opens it with {@link openDomains}, listens,
 * and on SIGTERM or SIGINT stops taking requests and closes everything in order.
 *
 * @example
 * ```ts
 * await serveDomain(drugDomain, loadConfig());
 * ```
 */
export async function serveDomain(domain: StrataDomain, config: DomainConfig): Promise<void> {
  const process = await openDomains([domain], config, { name: `strata-${domain.name}` });
  await startServer(process.domains[0]!.service.app, {
    config,
    logger: process.logger,
    name: `strata ${domain.name} API`,
    onShutdown: () => process.close(),
  });
}
