import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, JobError, messageOf } from '@strata/core';
import type { ShardSpec } from './sharded.js';
import { progressOf } from './lifecycle.js';
import type { JobInfo, JobSpec, Json } from './types.js';

/** The stored form of a job: its public fields, the last checkpoint, its current attempt and its plan. */
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
  /** Epoch ms the current attempt started (for the rate), or null when none runs. */
  attemptStartMs: number | null;
  /** `done` when the current attempt started. */
  doneAtStart: number;
  /** Times in a row the process died running the job (the embedded queue fails it after a few). */
  crashes?: number;
  /** Files the job owns (its uploads), removed with it. */
  files?: readonly string[];
  /** A sharded job's plan, once made; null for a job that runs whole. */
  shards?: ShardSpec[] | null;
}

/**
 * The record of a job a queue takes: refused with `JOB_STATE_LOCKED` while the queue closes, and with
 * `JOB_HANDLER_UNKNOWN` for a kind it has no handler for.
 */
export function submittedRecord(
  spec: JobSpec,
  queue: { readonly modules: ReadonlyMap<string, string>; readonly closing: boolean },
): JobRecord {
  if (queue.closing)
    throw new JobError('JOB_STATE_LOCKED', 'the queue is closing', { context: { kind: spec.kind } });
  if (!queue.modules.has(spec.kind))
    throw new JobError(
      'JOB_HANDLER_UNKNOWN',
      `no handler for job kind "${spec.kind}"; known: ${[...queue.modules.keys()].join(', ')}`,
      { context: { kind: spec.kind } },
    );
  return newJobRecord(spec);
}

/** The record of a newly submitted job (its input deep-copied, so later changes by the caller do not leak in). */
export function newJobRecord(spec: JobSpec): JobRecord {
  let input: Json;
  try {
    input = JSON.parse(JSON.stringify(spec.input) ?? 'undefined') as Json;
  } catch (err) {
    throw new InvalidArgumentError(
      'input',
      `a job input must be JSON (strings, numbers, booleans, null, arrays, objects): ${messageOf(err)}`,
    );
  }
  return {
    id: randomUUID(),
    kind: spec.kind,
    name: spec.name ?? null,
    state: 'queued',
    input,
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
    attemptStartMs: null,
    doneAtStart: 0,
    ...(spec.files?.length ? { files: [...spec.files] } : {}),
  };
}

/** The public record of a stored job: internals (checkpoint, attempt, plan) left out, progress with rate and ETA. */
export function jobInfo(job: JobRecord, resultsLocation: string): JobInfo {
  const {
    checkpoint: _checkpoint,
    checkpointDone: _checkpointDone,
    done: _done,
    total: _total,
    attemptStartMs: _attemptStartMs,
    doneAtStart: _doneAtStart,
    shards: _shards,
    files: _files,
    crashes: _crashes,
    ...rest
  } = job;
  return { ...rest, progress: progressOf(job), resultsLocation };
}
