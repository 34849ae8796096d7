import type { Logger } from '@strata/core';

/**
 * Watches a Redis store's epoch (see `RedisJobStore.epoch`): an epoch that changes under a process
 * means the store lost its data, which Redis itself never says. Once seen, the loss is logged and
 * stays a note for every later readiness probe and every 404 of a lost job.
 */
export class StoreLoss {
  private epoch = '';
  private lostAt: string | null = null;

  constructor(private readonly logger: Logger) {}

  /** Takes the epoch just read; returns the note once the store was found to have lost its data. */
  seen(epoch: string): string | undefined {
    if (epoch !== this.epoch) {
      if (this.epoch) {
        this.lostAt = new Date().toISOString();
        this.logger.error(
          { lostAt: this.lostAt },
          'the job store lost its data (Redis restarted without persistence, or was flushed): its jobs are gone',
        );
      }
      this.epoch = epoch;
    }
    return this.lostAt === null
      ? undefined
      : `the job store lost its data (found at ${this.lostAt}; Redis restarted without persistence, or was flushed): jobs submitted before then are gone`;
  }
}
