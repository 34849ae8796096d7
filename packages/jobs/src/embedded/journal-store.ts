import type { JobRecord } from '../job-record.js';
import type { JobStore, ShardPatch, ShardStates } from '../run/job-store.js';
import { TERMINAL_STATES } from '../types.js';
import type { Journal, JournalState, ShardState } from './journal.js';

/**
 * The embedded queue's {@link JobStore}: jobs in memory, every change appended to the journal first
 * (a change the journal refuses never shows in memory). Checkpoints and shard outputs are synced to
 * disk before they count.
 */
export class JournalStore implements JobStore {
  constructor(
    private readonly journal: Journal,
    private readonly state: JournalState,
  ) {}

  /** The live record (not a copy): the queue's own reads. */
  record(id: string): JobRecord | undefined {
    return this.state.jobs.get(id);
  }

  /** Every live record, oldest first. */
  records(): IterableIterator<JobRecord> {
    return this.state.jobs.values();
  }

  /** Stores a new job. */
  add(job: JobRecord): void {
    this.journal.add(job);
    this.state.jobs.set(job.id, job);
  }

  /** Forgets a job (the journal first). */
  remove(id: string): void {
    this.journal.remove(id);
    this.state.jobs.delete(id);
    this.state.shards.delete(id);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const job = this.state.jobs.get(id);
    return job && { ...job };
  }

  async status(id: string): Promise<Pick<JobRecord, 'state' | 'cancelRequested'> | undefined> {
    const job = this.state.jobs.get(id);
    return job && { state: job.state, cancelRequested: job.cancelRequested };
  }

  async patch(id: string, patch: Partial<JobRecord>): Promise<boolean> {
    const changed = this.patchNow(id, patch);
    // A checkpoint counts once it is on disk: the handler goes on only then.
    if (changed && patch.checkpoint !== undefined) await this.journal.sync();
    return changed;
  }

  /** {@link patch}, at once. */
  patchNow(id: string, patch: Partial<JobRecord>): boolean {
    const job = this.state.jobs.get(id);
    if (!job || TERMINAL_STATES.includes(job.state)) return false;
    // Not stored (a full disk): this throws, and a handler's saveCheckpoint rejects instead of hanging.
    this.journal.patch(id, patch);
    Object.assign(job, patch);
    // A sharded job's shard checkpoints and outputs are no use once it has ended.
    if (patch.state && TERMINAL_STATES.includes(patch.state) && this.state.shards.delete(id))
      this.journal.dropShards(id);
    return true;
  }

  async shards(id: string): Promise<ShardStates> {
    const states: ShardStates = {
      done: new Map(),
      checkpoint: new Map(),
      checkpointDone: new Map(),
      output: new Map(),
    };
    for (const [index, s] of this.state.shards.get(id) ?? []) {
      if (s.done !== undefined) states.done.set(index, s.done);
      if (s.checkpoint !== undefined) states.checkpoint.set(index, s.checkpoint);
      if (s.checkpointDone !== undefined) states.checkpointDone.set(index, s.checkpointDone);
      if (s.output !== undefined) states.output.set(index, s.output);
    }
    return states;
  }

  async patchShard(id: string, index: number, patch: ShardPatch): Promise<void> {
    if (this.ended(id)) return;
    this.journal.shard(id, index, patch);
    await this.journal.sync();
    this.merge(id, index, patch);
  }

  async shardDone(id: string, index: number, done: number): Promise<number> {
    if (this.ended(id)) return -1;
    this.journal.shard(id, index, { done });
    const states = this.merge(id, index, { done });
    let sum = 0;
    for (const s of states.values()) sum += s.done ?? 0;
    this.patchNow(id, { done: sum });
    return sum;
  }

  private ended(id: string): boolean {
    const job = this.state.jobs.get(id);
    return !job || TERMINAL_STATES.includes(job.state);
  }

  private merge(id: string, index: number, patch: ShardState): Map<number, ShardState> {
    let states = this.state.shards.get(id);
    if (!states) this.state.shards.set(id, (states = new Map<number, ShardState>()));
    states.set(index, { ...states.get(index), ...patch });
    return states;
  }
}
