import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
  mkdirSync,
} from 'node:fs';
import { join } from 'node:path';
import { JobError } from '../../errors.js';
import { randomUUID } from 'node:crypto';
import type { JobSpec, Json } from '../types.js';

/** The stored form of a job: its public fields plus the last checkpoint. */
export interface JobRecord {
  id: string;
  kind: string;
  name: string | null;
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  input: Json;
  done: number;
  total: number | null;
  result: Json;
  error: { code: string; message: string } | null;
  attempts: number;
  resumedFrom: number;
  cancelRequested: boolean;
  checkpoint: Json | undefined;
  /** `done` as of the last checkpoint: where a resumed attempt starts. */
  checkpointDone: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** The record of a newly submitted job (its input deep-copied, so later changes by the caller do not leak in). */
export function newJobRecord(spec: JobSpec): JobRecord {
  return {
    id: randomUUID(),
    kind: spec.kind,
    name: spec.name ?? null,
    state: 'queued',
    input: JSON.parse(JSON.stringify(spec.input)) as Json,
    done: 0,
    total: null,
    result: null,
    error: null,
    attempts: 0,
    resumedFrom: 0,
    cancelRequested: false,
    checkpoint: undefined,
    checkpointDone: 0,
    createdAt: new Date().toISOString(),
    startedAt: null,
    finishedAt: null,
  };
}

type Line = { job: JobRecord } | { id: string; patch: Partial<JobRecord> };

/** Queues open in this process, by state directory: a second one would interleave the journal. */
const openHere = new Set<string>();

/**
 * An append-only JSON-lines journal of job records: a full record when a job is submitted, a patch per
 * change. Appends go straight to the file (a killed process loses nothing the OS has), replay applies
 * them in order (a torn last line is skipped), and opening compacts the journal to one record per job.
 * A lock file with the owner's pid keeps two live processes off one directory.
 */
export class Journal {
  private constructor(
    private readonly dir: string,
    private fd: number,
  ) {}

  /** Opens (creating) the journal in `dir`, takes its lock, and returns the jobs it holds. */
  static open(dir: string): { journal: Journal; jobs: Map<string, JobRecord> } {
    mkdirSync(dir, { recursive: true });
    lock(dir);
    const path = join(dir, 'jobs.jsonl');
    const jobs = existsSync(path) ? replay(readFileSync(path, 'utf8')) : new Map<string, JobRecord>();
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, [...jobs.values()].map((job) => JSON.stringify({ job }) + '\n').join(''));
    renameSync(tmp, path);
    return { journal: new Journal(dir, openSync(path, 'a')), jobs };
  }

  /** Appends a new job's full record. */
  add(job: JobRecord): void {
    this.write({ job });
  }

  /** Appends a change to a job. */
  patch(id: string, patch: Partial<JobRecord>): void {
    this.write({ id, patch });
  }

  /** Flushes to disk and releases the lock. */
  close(): void {
    if (this.fd < 0) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
    rmSync(join(this.dir, 'lock'), { force: true });
    openHere.delete(this.dir);
  }

  private write(line: Line): void {
    if (this.fd < 0)
      throw new JobError('JOB_STATE_LOCKED', 'the job journal is closed', { context: { path: this.dir } });
    writeSync(this.fd, JSON.stringify(line) + '\n');
  }
}

function replay(text: string): Map<string, JobRecord> {
  const jobs = new Map<string, JobRecord>();
  for (const raw of text.split('\n')) {
    if (!raw) continue;
    let line: Line;
    try {
      line = JSON.parse(raw) as Line;
    } catch {
      continue; // a line torn by a killed process
    }
    if ('job' in line) jobs.set(line.job.id, line.job);
    else {
      const job = jobs.get(line.id);
      if (job) Object.assign(job, line.patch);
    }
  }
  return jobs;
}

function lock(dir: string): void {
  if (openHere.has(dir)) {
    throw new JobError('JOB_STATE_LOCKED', `job state directory ${dir} is already open in this process`, {
      context: { path: dir },
    });
  }
  const path = join(dir, 'lock');
  for (;;) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      openHere.add(dir);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number(readFileSync(path, 'utf8'));
    if (owner && owner !== process.pid && alive(owner)) {
      throw new JobError('JOB_STATE_LOCKED', `job state directory ${dir} is in use by process ${owner}`, {
        context: { path: dir },
      });
    }
    rmSync(path, { force: true }); // left by a process that died: take it over
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
