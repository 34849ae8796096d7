/**
 * The thread module of a threaded ForecastWriter: owns the ForecastFile (h5wasm) so that writing a lead
 * overlaps the next model run on the caller's thread.
 */
import type { TaskContext } from '@strata/core/node';
import type { GridState } from '../model/rollout.js';
import type { ForecastFile } from './forecast-file.js';
import { openTarget, serveRequest, type WriterRequest, type WriterTarget } from './forecast-writer.js';

let file: ForecastFile | undefined;
let closed = false;

/** Opens (or creates) the file and says which leads it holds. */
export async function setup(target: WriterTarget): Promise<{ leads: number[] }> {
  file = await openTarget(target);
  return { leads: [...file.writtenLeads] };
}

/** Carries out one request; a state read back moves to the caller without a copy. */
export function serve(request: WriterRequest, ctx: TaskContext): GridState | undefined {
  const state = serveRequest(file!, request);
  if (request.type === 'close') closed = true;
  if (state) ctx.transfer(...Object.values(state).map((a) => a.buffer as ArrayBuffer));
  return state;
}

/** A writer closed without its close request (a failed rollout) still closes its file. */
export function teardown(): void {
  if (!closed) file?.close();
  closed = true;
}
