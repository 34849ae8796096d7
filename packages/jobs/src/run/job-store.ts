import type { JobRecord } from '../job-record.js';
import type { Json } from '../types.js';

/** Each shard's units done, last checkpoint (and its units done) and committed output, by shard index. */
export interface ShardStates {
  readonly done: Map<number, number>;
  readonly checkpoint: Map<number, Json>;
  readonly checkpointDone: Map<number, number>;
  readonly output: Map<number, Json>;
}

/** What a shard reports: a checkpoint with the units it covers, or its output. */
export interface ShardPatch {
  readonly checkpoint?: Json;
  readonly checkpointDone?: number;
  readonly output?: Json;
}

/**
 * Where a queue keeps its jobs, as the {@link JobRunner} reads and changes them: the journal of the
 * embedded queue, Redis hashes for the Redis one. A job that has ended is never changed again.
 */
export interface JobStore {
  /** One job, or undefined. */
  get(id: string): Promise<JobRecord | undefined>;
  /** A job's state and cancel flag alone (what a running attempt checks often), or undefined. */
  status(id: string): Promise<Pick<JobRecord, 'state' | 'cancelRequested'> | undefined>;
  /**
   * Changes some fields of a job, and only those, unless it has ended; resolves false when unchanged.
   * A patch with a checkpoint is durable when this resolves.
   */
  patch(id: string, patch: Partial<JobRecord>): Promise<boolean>;
  /** What each shard of a job has reported. */
  shards(id: string): Promise<ShardStates>;
  /** Records a shard's checkpoint, or its output, which commits it (durable when this resolves). */
  patchShard(id: string, index: number, patch: ShardPatch): Promise<void>;
  /** Records a shard's units done; the job's `done` becomes the sum over its shards, which this resolves with (-1 when the job has ended). */
  shardDone(id: string, index: number, done: number): Promise<number>;
}
