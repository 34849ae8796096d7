import {
  closeSync,
  existsSync,
  fdatasync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { JobError } from '@strata/core';
import type { JobRecord } from '../job-record.js';
import type { Json } from '../types.js';
import { replay, type DamagedLine, type Line } from './journal-replay.js';

/** What one shard of a sharded job has reported: units done, its last checkpoint, its committed output. */
export interface ShardState {
  done?: number;
  checkpoint?: Json;
  checkpointDone?: number;
  output?: Json;
}

/** Every job of a journal, with the shard states of its sharded jobs. */
export interface JournalState {
  readonly jobs: Map<string, JobRecord>;
  readonly shards: Map<string, Map<number, ShardState>>;
}

/** What opening a journal found damaged, for the queue to log. */
export interface JournalDamage {
  /** The lines replay could not use. */
  readonly lines: readonly DamagedLine[];
  /** Jobs whose record was lost, kept as their other lines leave them (failed where they had not ended). */
  readonly recovered: readonly string[];
  /** The copy of the journal as it was found, kept before compaction rewrote it. */
  readonly quarantined: string;
}

/** Queues open in this process, by the real path of their state directory. */
const openHere = new Set<string>();

/**
 * An append-only JSON-lines journal of job records: a full record when a job is submitted, a patch per
 * change. Appends go straight to the file (a killed process loses nothing the OS has), replay applies
 * them in order (a torn last line is skipped), and opening compacts the journal to one record per job.
 * A journal with a damaged line is first copied whole to `quarantine/` (compaction never erases what
 * it could not read), and what was damaged is returned for the queue to log.
 * A lock file with the owner's pid keeps two live queues off one directory.
 */
export class Journal {
  private constructor(
    private readonly dir: string,
    private fd: number,
  ) {}

  /** Opens (creating) the journal in `dir`, takes its lock, and returns the jobs it holds. */
  static open(dir: string): { journal: Journal; damage: JournalDamage | null } & JournalState {
    mkdirSync(dir, { recursive: true });
    const real = realpathSync(dir);
    lock(real);
    try {
      const path = join(real, 'jobs.jsonl');
      const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
      const { damaged, recovered, ...state } = replay(text);
      const damage = damaged.length || recovered.length ? quarantine(real, text, damaged, recovered) : null;
      const tmp = `${path}.tmp`;
      const fd = openSync(tmp, 'w');
      writeSync(fd, compacted(state));
      fsyncSync(fd); // the compacted copy must be on disk before it replaces the journal
      closeSync(fd);
      renameSync(tmp, path);
      syncDir(real); // and the rename too, or later synced appends could land in an orphaned file
      return { journal: new Journal(real, openSync(path, 'a')), damage, ...state };
    } catch (err) {
      unlock(real);
      throw err;
    }
  }

  /** Appends a new job's full record. */
  add(job: JobRecord): void {
    this.write({ job });
  }

  /** Appends a change to a job ({@link sync} for one that must be on disk before it counts). */
  patch(id: string, patch: Partial<JobRecord>): void {
    this.write({ id, patch });
  }

  /** Appends what a shard reported ({@link sync} for checkpoints and outputs). */
  shard(id: string, shard: number, state: ShardState): void {
    this.write({ id, shard, state });
  }

  /**
   * Resolves once everything appended so far is on disk. The wait happens off the event loop (a disk
   * flush can take tens of milliseconds, and every request of the process would wait behind it).
   */
  sync(): Promise<void> {
    const fd = this.fd;
    return new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
  }

  /** Appends that a job's shard states are dropped (it has ended). */
  dropShards(id: string): void {
    this.write({ id, dropShards: true });
  }

  /** Appends that a job is removed (expired, or removed by a user). */
  remove(id: string): void {
    this.write({ id, removed: true });
  }

  /** Flushes to disk and releases the lock; the queue calls it once its handlers (and their syncs) have ended. */
  close(): void {
    if (this.fd < 0) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
    unlock(this.dir);
  }

  private write(line: Line): void {
    if (this.fd < 0)
      throw new JobError('JOB_STATE_LOCKED', 'the job journal is closed', { context: { path: this.dir } });
    writeSync(this.fd, JSON.stringify(line) + '\n');
  }
}

/** Keeps the journal as it was found under `quarantine/`, synced, before compaction replaces it. */
function quarantine(dir: string, text: string, lines: DamagedLine[], recovered: string[]): JournalDamage {
  const qdir = join(dir, 'quarantine');
  mkdirSync(qdir, { recursive: true });
  const quarantined = join(qdir, `jobs-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
  const fd = openSync(quarantined, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncDir(qdir);
  return { lines, recovered, quarantined };
}

/** The journal of a state: one line per job, then one per shard state. */
function compacted({ jobs, shards }: JournalState): string {
  const lines: Line[] = [...jobs.values()].map((job) => ({ job }));
  for (const [id, states] of shards) for (const [shard, state] of states) lines.push({ id, shard, state });
  return lines.map((line) => JSON.stringify(line) + '\n').join('');
}

function lock(dir: string): void {
  if (openHere.has(dir)) {
    throw new JobError('JOB_STATE_LOCKED', `job state directory ${dir} is already open in this process`, {
      context: { path: dir },
    });
  }
  const path = join(dir, 'lock');
  // Written whole under another name, then linked into place: the lock never exists without its pid.
  const mine = join(dir, `lock.${process.pid}.${Date.now()}`);
  const fd = openSync(mine, 'w');
  writeSync(fd, String(process.pid));
  fsyncSync(fd);
  closeSync(fd);
  try {
    for (;;) {
      try {
        linkSync(mine, path);
        openHere.add(dir);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile: try again
        throw err;
      }
      const owner = Number(text);
      // Not a pid (a lock torn by a power loss), a dead process, or this process with no queue open on
      // the directory (one that failed to open): stale. Two processes taking over one stale lock at the
      // same instant can still both succeed; this lock guards against mistakes, not adversaries.
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new JobError('JOB_STATE_LOCKED', `job state directory ${dir} is in use by process ${owner}`, {
          context: { path: dir },
        });
      }
      rmSync(path, { force: true }); // left by a process that died: take it over
    }
  } finally {
    rmSync(mine, { force: true });
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function unlock(dir: string): void {
  rmSync(join(dir, 'lock'), { force: true });
  openHere.delete(dir);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
