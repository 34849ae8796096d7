import type { Redis } from 'ioredis';
import type { Json, ShardSpec } from '@strata/core';
import type { JobRecord } from '@strata/core/node';

/** Each shard's units done, last checkpoint and committed output, by shard index. */
export interface ShardStates {
  readonly done: Map<number, number>;
  readonly checkpoint: Map<number, Json>;
  readonly output: Map<number, Json>;
}

/** A job as Redis keeps it: the shared record, and when its current attempt started (for the rate). */
export interface StoredJob extends JobRecord {
  /** Epoch ms the current attempt started, or null when none runs. */
  attemptStartMs: number | null;
  /** `done` when the current attempt started. */
  doneAtStart: number;
  /** A sharded job's plan, once made. */
  shards?: ShardSpec[] | null;
}

/**
 * Job records in Redis: one hash per job, each field a JSON value, so that processes changing
 * different fields of one job (a worker its progress, an API its cancel flag) never undo each other;
 * and a sorted set of ids in submission order, for listing.
 */
export class JobStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return `${this.prefix}:job:${id}`;
  }

  private get index(): string {
    return `${this.prefix}:index`;
  }

  /** Stores a new job. */
  async add(job: StoredJob): Promise<void> {
    const order = await this.redis.incr(`${this.prefix}:submitted`);
    await this.redis.multi().hset(this.key(job.id), encode(job)).zadd(this.index, order, job.id).exec();
  }

  /** One job, or undefined. */
  async get(id: string): Promise<StoredJob | undefined> {
    const fields = await this.redis.hgetall(this.key(id));
    return Object.keys(fields).length ? decode(fields) : undefined;
  }

  /** Changes some fields of a job, and only those. */
  async patch(id: string, patch: Partial<StoredJob>): Promise<void> {
    const fields = encode(patch);
    if (Object.keys(fields).length) await this.redis.hset(this.key(id), fields);
  }

  private shardsKey(id: string): string {
    return `${this.prefix}:shards:${id}`;
  }

  /** What each shard of a job has reported: units done, its last checkpoint, and its output once committed. */
  async shards(id: string): Promise<ShardStates> {
    const fields = await this.redis.hgetall(this.shardsKey(id));
    const states: ShardStates = { done: new Map(), checkpoint: new Map(), output: new Map() };
    for (const [field, value] of Object.entries(fields)) {
      const [what, index] = field.split(':') as [keyof ShardStates, string];
      states[what]?.set(Number(index), JSON.parse(value) as never);
    }
    return states;
  }

  /** Records what one shard reports; its output commits it (a committed shard is never run again). */
  async patchShard(
    id: string,
    index: number,
    patch: { done?: number; checkpoint?: Json; output?: Json },
  ): Promise<void> {
    const fields = Object.fromEntries(
      Object.entries(patch).flatMap(([k, v]) =>
        v === undefined ? [] : [[`${k}:${index}`, JSON.stringify(v)]],
      ),
    );
    if (Object.keys(fields).length) await this.redis.hset(this.shardsKey(id), fields);
  }

  /** Every job, newest first. */
  async list(): Promise<StoredJob[]> {
    const ids = await this.redis.zrevrange(this.index, 0, -1);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.key(id));
    const replies = (await pipeline.exec()) ?? [];
    return replies.flatMap(([err, fields]) => {
      const f = fields as Record<string, string> | null;
      return !err && f && Object.keys(f).length ? [decode(f)] : [];
    });
  }
}

function encode(job: Partial<StoredJob>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(job).flatMap(([k, v]) => (v === undefined ? [] : [[k, JSON.stringify(v)]])),
  );
}

function decode(fields: Record<string, string>): StoredJob {
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, JSON.parse(v) as unknown]),
  ) as unknown as StoredJob;
}
