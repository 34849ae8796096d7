import { newJobRecord, type JobRecord } from '../job-record.js';
import { TERMINAL_STATES } from '../types.js';
import type { JournalState, ShardState } from './journal.js';

/** One line of the journal. */
export type Line =
  | { job: JobRecord }
  | { id: string; patch: Partial<JobRecord> }
  | { id: string; shard: number; state: ShardState }
  | { id: string; dropShards: true }
  | { id: string; removed: true };

/** A journal line that replay could not use: where it was, why, and its text (for the quarantine). */
export interface DamagedLine {
  /** 1-based line number in the journal as it was found. */
  readonly line: number;
  readonly reason: string;
  readonly text: string;
}

/** What replay recovered, and what it could not. */
export interface Replayed extends JournalState {
  /** Lines that are neither a record nor a change of a known job (a torn last line is not one). */
  readonly damaged: DamagedLine[];
  /** Jobs whose full record was lost, known from their other lines: kept, failed, with a reason. */
  readonly recovered: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a parsed line is not a journal line, or null when it is one. */
function malformed(v: unknown): string | null {
  if (!isObject(v)) return 'not a JSON object';
  if ('job' in v)
    return isObject(v.job) && typeof v.job.id === 'string' && typeof v.job.kind === 'string'
      ? null
      : 'a job record without an id or kind';
  if (typeof v.id !== 'string') return 'a change without a job id';
  if ('patch' in v) return isObject(v.patch) ? null : 'a patch that is not an object';
  if ('shard' in v)
    return Number.isInteger(v.shard) && isObject(v.state) ? null : 'a shard state without its index';
  if (v.dropShards === true || v.removed === true) return null;
  return 'an unknown kind of line';
}

/**
 * A job id and kind spelled at the start of a damaged record line, where they can still be read (a
 * record line starts with them; an id found elsewhere in the line could be part of the job's input).
 */
function salvage(text: string): { id?: string; kind?: string } {
  const m = /^\{"job":\{"id":"([0-9a-zA-Z_-]{1,100})"(?:,"kind":"([0-9a-zA-Z_.-]{1,100})")?/.exec(text);
  return { ...(m?.[1] ? { id: m[1] } : {}), ...(m?.[2] ? { kind: m[2] } : {}) };
}

/**
 * Replays a journal's text in order. A last line without its newline is a write torn by a killed
 * process and is dropped quietly. Any other line that cannot be used is reported as damaged, never
 * dropped in silence; a job whose record line was damaged but whose id is still known (from its other
 * lines or the damaged text) is kept as a failed job that says why, so its files are found and swept
 * like any other's instead of being orphaned.
 */
export function replay(text: string): Replayed {
  const jobs = new Map<string, JobRecord>();
  const shards = new Map<string, Map<number, ShardState>>();
  const damaged: DamagedLine[] = [];
  /** Changes of jobs with no record (yet), by job id, and what is known of them. */
  const orphans = new Map<string, { kind?: string; firstLine: number; patches: Partial<JobRecord>[] }>();
  const removed = new Set<string>();
  const lines = text.split('\n');
  const orphan = (id: string, line: number) => {
    if (!orphans.has(id)) orphans.set(id, { firstLine: line, patches: [] });
    return orphans.get(id)!;
  };
  lines.forEach((raw, i) => {
    if (!raw) return;
    const at = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      if (i === lines.length - 1) return; // torn by a killed process: the last line, with no newline
      damaged.push({ line: at, reason: 'not JSON', text: raw });
      const { id, kind } = salvage(raw);
      if (id && !jobs.has(id)) Object.assign(orphan(id, at), kind ? { kind } : {});
      return;
    }
    const why = malformed(parsed);
    if (why) {
      damaged.push({ line: at, reason: why, text: raw });
      return;
    }
    const line = parsed as Line;
    if ('job' in line) {
      jobs.set(line.job.id, line.job);
      orphans.delete(line.job.id);
      removed.delete(line.job.id);
    } else if ('removed' in line) {
      jobs.delete(line.id);
      shards.delete(line.id);
      orphans.delete(line.id);
      removed.add(line.id);
    } else if (!jobs.has(line.id)) {
      if (!removed.has(line.id)) {
        const o = orphan(line.id, at);
        if ('patch' in line) o.patches.push(line.patch);
      }
    } else if ('patch' in line) Object.assign(jobs.get(line.id)!, line.patch);
    else if ('dropShards' in line) shards.delete(line.id);
    else {
      if (!shards.has(line.id)) shards.set(line.id, new Map());
      const states = shards.get(line.id)!;
      states.set(line.shard, { ...states.get(line.shard), ...line.state });
    }
  });
  const recovered: string[] = [];
  for (const [id, o] of orphans) {
    // Its input is gone with its record, so it cannot run again: it ends failed, saying why.
    const job: JobRecord = { ...newJobRecord({ kind: o.kind ?? 'unknown', input: null }), id };
    for (const patch of o.patches) Object.assign(job, patch);
    if (!TERMINAL_STATES.includes(job.state)) {
      job.state = 'failed';
      job.finishedAt = new Date().toISOString();
      job.error = {
        code: 'JOB_FAILED',
        message: `the job's record was damaged in the job journal (around line ${o.firstLine}); its lines are kept in the journal's quarantine`,
      };
    }
    jobs.set(id, job);
    recovered.push(id);
  }
  return { jobs, shards, damaged, recovered };
}
