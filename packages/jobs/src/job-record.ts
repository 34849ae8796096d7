import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, messageOf } from '@strata/core';
import type { JobSpec, Json } from './types.js';

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
  };
}
