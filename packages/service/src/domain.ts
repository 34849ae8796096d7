import type { Logger } from '@strata/core';
import type { ModelRegistry } from '@strata/core/node';
import type { JobQueue } from '@strata/jobs';
import { readServiceConfig, type ServiceConfig, type ServiceSettings } from './config.js';
import type { Service } from './create-service.js';

/** The settings a domain opens with: the common ones, and where the data some domains serve are. */
export interface DomainConfig extends ServiceConfig {
  /** `STRATA_DATASETS_DIR`: the bundled data (molecule libraries, example series). */
  readonly datasetsDir: string;
  /** `STRATA_WEATHER_DATA_DIR`: NetCDF initial states offered by id, or null for none. */
  readonly weatherDataDir: string | null;
}

/** What a process gives each domain it serves: one configuration, queue, registry and set of service settings. */
export interface DomainContext {
  readonly config: DomainConfig;
  readonly logger: Logger;
  /** The process's job queue, with every served domain's handlers registered. */
  readonly queue: JobQueue;
  /** The models of `config.modelsDir`, opened on first call (a domain that serves none never pays for it). */
  readonly registry: () => Promise<ModelRegistry>;
  /** Logger, metrics, API keys and limits for the domain's service. */
  readonly service: ServiceSettings;
  /** Where uploads go (`<stateDir>/uploads`). */
  readonly uploadsDir: string;
}

/** A domain opened in a process: its service, and how to release what it opened. */
export interface OpenedDomain {
  readonly service: Service;
  close(): Promise<void>;
}

/**
 * One domain, described once: the gateway, the standalone servers and `strata worker` iterate over
 * these instead of repeating the wiring. Importing a description is cheap: `open` loads the app.
 *
 * @example
 * ```ts
 * export const drugDomain: StrataDomain = {
 *   name: 'drug',
 *   title: 'Drug discovery: scoring, similarity, screens',
 *   jobs: DRUG_JOBS,
 *   async open(ctx) { const { openDrug } = await import('./open-domain.js'); return openDrug(ctx); },
 * };
 * ```
 */
export interface StrataDomain {
  /** Its path prefix in the gateway (`/<name>`) and its name on the command line. */
  readonly name: string;
  readonly title: string;
  /** Its job kinds and their handler modules: what a worker of this domain runs. */
  readonly jobs: Readonly<Record<string, string | URL>>;
  /**
   * At most this many of its jobs at once when it is served alone (a screen or a rollout uses every
   * core by itself). @defaultValue the configured job workers
   */
  readonly maxJobWorkers?: number;
  /** Its standalone server's port. */
  readonly port: number;
  /** Opens what it serves with and builds its app. */
  open(ctx: DomainContext): Promise<OpenedDomain>;
}

/**
 * Reads the settings every domain server reads (the common ones, `STRATA_DATASETS_DIR` and
 * `STRATA_WEATHER_DATA_DIR`) from an environment an app's `config.ts` passes; throws naming the variable.
 */
export function readDomainConfig(
  env: Record<string, string | undefined>,
  defaults: { port: number; modelsDir: string; datasetsDir: string },
): DomainConfig {
  return {
    ...readServiceConfig(env, defaults),
    datasetsDir: env.STRATA_DATASETS_DIR ?? defaults.datasetsDir,
    weatherDataDir: env.STRATA_WEATHER_DATA_DIR ?? null,
  };
}
