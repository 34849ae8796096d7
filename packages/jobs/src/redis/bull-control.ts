import { DelayedError, WaitingChildrenError, type Job as BullJob, type Queue } from 'bullmq';
import type { ItemControl, WorkItem } from '../run/job-runner.js';

/**
 * BullMQ's side of the runner's scheduling for the work item `bull`: a job's shards are child jobs of
 * it, its assemble step waits for them (moveToWaitingChildren), and a hand-back is a delayed retry.
 */
export function bullControl(queue: Queue, bull: BullJob<WorkItem>, token: string | undefined): ItemControl {
  return {
    fanOut: async (job, shards) => {
      // Adding a child that exists already does nothing: a parent started again adds only the missing ones.
      const parent = { id: bull.id!, queue: bull.queueQualifiedName };
      await queue.addBulk(
        shards.map((_, index) => ({
          name: `${job.kind}#shard`,
          data: { id: job.id, shard: index },
          opts: { jobId: `${job.id}.${index}`, parent, removeOnComplete: true, removeOnFail: true },
        })),
      );
      await bull.updateData({ id: job.id, step: 'assemble' });
      if (await bull.moveToWaitingChildren(token!)) throw new WaitingChildrenError();
      return false;
    },
    release: async () => {
      await bull.moveToDelayed(Date.now(), token);
      throw new DelayedError();
    },
  };
}
