const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/**
 * The job handlers of @strata/drug by kind, for a job queue's `handlers` option.
 *
 * @example
 * ```ts
 * const queue = await EmbeddedJobQueue.open({ dir: '.strata/jobs', handlers: { ...DRUG_JOBS } });
 * await queue.submit({ kind: 'drug.screen', input: { input: 'library.smi' } });
 * ```
 */
export const DRUG_JOBS: Readonly<Record<'drug.screen' | 'drug.design', URL>> = {
  'drug.screen': new URL(`./screen.job${ext}`, import.meta.url),
  'drug.design': new URL(`./design.job${ext}`, import.meta.url),
};
