import { DRUG_JOBS } from '@strata/drug/node';
import type { StrataDomain } from '@strata/service';

/**
 * The drug domain, described once for the gateway, its standalone server and `strata worker`.
 *
 * @example
 * ```ts
 * await serveDomain(drugDomain, loadConfig());
 * ```
 */
export const drugDomain: StrataDomain = {
  name: 'drug',
  title: 'Drug discovery: scoring, similarity, screens',
  jobs: DRUG_JOBS,
  // One screen at a time when served alone: a screen's own threads take the cores.
  maxJobWorkers: 1,
  port: 8082,
  async open(ctx) {
    const [{ createDrugApp }, { openDrugResources }] = await Promise.all([
      import('./app.js'),
      import('./open.js'),
    ]);
    const { config, logger, queue, service, uploadsDir } = ctx;
    const resources = await openDrugResources({ ...config, logger });
    const app = createDrugApp({
      ...resources,
      queue,
      service,
      uploadsDir,
      uploadLimitBytes: config.uploadLimitBytes,
      modelsDir: config.modelsDir,
    });
    return { service: app, close: () => resources.close() };
  },
};
