import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { JobRecord } from '../job-record.js';
import type { JobStore, ShardPatch, ShardStates } from '../run/job-store.js';

// Fields are JSON: a finished job's state is one of these strings.
const ENDED = `local s = redis.call('HGET', KEYS[1], 'state')
local ended = (not s) or s == '"succeeded"' or s == '"failed"' or s == '"cancelled"'`;

/** Changes a job's fields unless it has ended (or is gone): 1 when changed. */
const PATCH_UNLESS_ENDED = `${ENDED}
if ended then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1`;

/** Records what a shard reports (in KEYS[2]) unless its job has ended. */
const SHARD_PATCH = `${ENDED}
if ended then return 0 end
redis.call('HSET', KEYS[2], unpack(ARGV))
return 1`;

/** Records one shard's units done and stores the job's done as the sum over its shards, in one step. */
const SHARD_DONE = `${ENDED}
if ended then return -1 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
local sum = 0
for _, v in ipairs(redis.call('HVALS', KEYS[2])) do sum = sum + tonumber(v) end
redis.call('HSET', KEYS[1], 'done', sum)
return sum`;

/**
 * Job records in Redis: one hash per job, each field a JSON value, so that processes changing
 * different fields of one job (a worker its progress, an API its cancel flag) never undo each other;
 * a sorted set of ids in submission order, for listing; and for a sharded job, a hash of what its
 * shards committed and one of the units each has done. A finished job is never changed again.
 */
export class RedisJobStore implements JobStore {
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

  private kindIndex(kind: string): string {
    return `${this.prefix}:index:${kind}`;
  }

  private shardsKey(id: string): string {
    return `${this.prefix}:shards:${id}`;
  }

  private shardDoneKey(id: string): string {
    return `${this.prefix}:shard-done:${id}`;
  }

  /** Stores a new job. */
  async add(job: JobRecord): Promise<void> {
    const order = await this.redis.incr(`${this.prefix}:submitted`);
    await this.redis
      .multi()
      .hset(this.key(job.id), encode(job))
      .zadd(this.index, order, job.id)
      .zadd(this.kindIndex(job.kind), order, job.id)
      .exec();
  }

  /** One job, or undefined. */
  async get(id: string): Promise<JobRecord | undefined> {
    const fields = await this.redis.hgetall(this.key(id));
    return Object.keys(fields).length ? decode(fields) : undefined;
  }

  /** A job's state and cancel flag alone (what a running attempt checks often), or undefined. */
  async status(id: string): Promise<Pick<JobRecord, 'state' | 'cancelRequested'> | undefined> {
    const [state, cancel] = await this.redis.hmget(this.key(id), 'state', 'cancelRequested');
    if (!state) return undefined;
    return { state: JSON.parse(state) as JobRecord['state'], cancelRequested: cancel === 'true' };
  }

  /**
   * Changes some fields of a job, and only those, unless the job has ended: a late report (from a
   * worker BullMQ gave up on, or a stray attempt) never undoes its end. Resolves false when unchanged.
   */
  async patch(id: string, patch: Partial<JobRecord>): Promise<boolean> {
    const fields = Object.entries(encode(patch)).flat();
    if (fields.length === 0) return true;
    return (await this.redis.eval(PATCH_UNLESS_ENDED, 1, this.key(id), ...fields)) === 1;
  }

  /** What each shard of a job has reported: units done, its last checkpoint, and its output once committed. */
  async shards(id: string): Promise<ShardStates> {
    const [fields, done] = await Promise.all([
      this.redis.hgetall(this.shardsKey(id)),
      this.redis.hgetall(this.shardDoneKey(id)),
    ]);
    const states: ShardStates = {
      done: new Map(),
      checkpoint: new Map(),
      checkpointDone: new Map(),
      output: new Map(),
    };
    for (const [field, value] of Object.entries(fields)) {
      const [what, index] = field.split(':') as ['checkpoint' | 'checkpointDone' | 'output', string];
      states[what]?.set(Number(index), JSON.parse(value) as never);
    }
    for (const [index, value] of Object.entries(done)) states.done.set(Number(index), Number(value));
    return states;
  }

  /** Records a shard's checkpoint, or its output, which commits it (a committed shard is never run again). */
  async patchShard(id: string, index: number, patch: ShardPatch): Promise<void> {
    const fields = Object.entries(patch).flatMap(([k, v]) =>
      v === undefined ? [] : [`${k}:${index}`, JSON.stringify(v)],
    );
    if (fields.length) await this.redis.eval(SHARD_PATCH, 2, this.key(id), this.shardsKey(id), ...fields);
  }

  /** Records a shard's units done; the job's `done` becomes the sum over its shards. Resolves with it (-1 when the job has ended). */
  async shardDone(id: string, index: number, done: number): Promise<number> {
    return Number(await this.redis.eval(SHARD_DONE, 2, this.key(id), this.shardDoneKey(id), index, done));
  }

  /** Drops what a finished job's shards left: their checkpoints, outputs and counts. */
  async dropShards(id: string): Promise<void> {
    await this.redis.del(this.shardsKey(id), this.shardDoneKey(id));
  }

  /**
   * Up to `limit` jobs, newest first, that pass `keep`, of one kind when `kind` is given (each kind has an
   * index of its own): read a page of ids at a time, so a listing costs its page, not every job kept.
   */
  async list(
    keep: (job: JobRecord) => boolean,
    options: { limit?: number; kind?: string } = {},
  ): Promise<JobRecord[]> {
    const limit = options.limit ?? Infinity;
    const index = options.kind === undefined ? this.index : this.kindIndex(options.kind);
    const found: JobRecord[] = [];
    const page = Number.isFinite(limit) ? Math.min(Math.max(limit * 2, 100), 1000) : 1000;
    for (let start = 0; found.length < limit; start += page) {
      const ids = await this.redis.zrevrange(index, start, start + page - 1);
      if (ids.length === 0) break;
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.hgetall(this.key(id));
      const gone: string[] = [];
      for (const [i, [err, fields]] of ((await pipeline.exec()) ?? []).entries()) {
        const f = fields as Record<string, string> | null;
        // Expired by its TTL with no sweep to remove it: its id goes from the index now.
        if (!err && (!f || !Object.keys(f).length)) gone.push(ids[i]!);
        if (err || !f || !Object.keys(f).length) continue;
        const job = decode(f);
        if (keep(job) && found.push(job) >= limit) break;
      }
      if (gone.length) {
        await this.redis.zrem(index, ...gone);
        start -= gone.length;
      }
      if (ids.length < page) break;
    }
    return found;
  }

  /**
   * Marks a job finished: listed for the sweep that removes it after `retentionMs`, and its keys given a
   * TTL an hour longer, so Redis drops them even if no sweep ever runs. Retention 0 keeps it for ever.
   */
  async finished(id: string, retentionMs: number, files: readonly string[] = []): Promise<void> {
    if (retentionMs <= 0) return;
    const ttl = retentionMs + 3_600_000;
    const multi = this.redis.multi().zadd(this.finishedKey, Date.now(), id).pexpire(this.key(id), ttl);
    if (files.length) multi.hset(this.filesKey, id, JSON.stringify(files));
    await multi.exec();
  }

  /** Ids of jobs that finished before `cutoffMs` (epoch), oldest first, at most `count`. */
  async finishedBefore(cutoffMs: number, count: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.finishedKey, '-inf', cutoffMs, 'LIMIT', 0, count);
  }

  /** Forgets a job: its record, its shards' state, its files' list and its id in the indexes (its kind's, when known). */
  async remove(id: string, kind?: string): Promise<void> {
    const multi = this.redis
      .multi()
      .del(this.key(id), this.shardsKey(id), this.shardDoneKey(id))
      .zrem(this.index, id)
      .zrem(this.finishedKey, id)
      .hdel(this.filesKey, id);
    if (kind !== undefined) multi.zrem(this.kindIndex(kind), id);
    await multi.exec();
  }

  /** The files a finished job owns: kept apart from its record, which expires by TTL, so the sweep always finds them. */
  async files(id: string): Promise<string[]> {
    const json = await this.redis.hget(this.filesKey, id);
    return json ? (JSON.parse(json) as string[]) : [];
  }

  private get filesKey(): string {
    return `${this.prefix}:files`;
  }

  /**
   * The store's epoch: a random id written once into an empty store (kept if one is there). A store
   * whose epoch changes under a process has lost its data (a Redis restarted without persistence, or
   * flushed), which Redis itself never says.
   */
  async epoch(): Promise<string> {
    const key = `${this.prefix}:epoch`;
    const replies = await this.redis.multi().set(key, randomUUID(), 'NX').get(key).exec();
    const [err, current] = replies![1]!;
    if (err) throw err;
    return current as string;
  }

  private get finishedKey(): string {
    return `${this.prefix}:finished`;
  }
}

function encode(job: Partial<JobRecord>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(job).flatMap(([k, v]) => (v === undefined ? [] : [[k, JSON.stringify(v)]])),
  );
}

function decode(fields: Record<string, string>): JobRecord {
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, JSON.parse(v) as unknown]),
  ) as unknown as JobRecord;
}
