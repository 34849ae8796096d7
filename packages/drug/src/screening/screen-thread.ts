/**
 * The thread module of a screening pool: each thread has its own RDKit instance, compiled filters and
 * ONNX sessions of the property models (a {@link BatchScreener}), and screens batches on request.
 */
import type { SetupContext, TaskContext } from '@strata/core/node';
import type { MoleculeRecord } from '../readers/record.js';
import { BatchScreener } from './screen-batch.js';
import type { ScreenColumn, ScreenRow } from './screener.js';

/** What each screening thread is set up with. */
export interface ScreenThreadInit {
  /** The screening's options (validated again in the thread). */
  readonly options: unknown;
  readonly modelsDir: string | undefined;
}

let screener: BatchScreener | undefined;

/** Loads RDKit, compiles the filters and opens the property models. */
export async function setup(
  init: ScreenThreadInit,
  _ctx: SetupContext,
): Promise<{ rdkit: string; columns: ScreenColumn[] }> {
  screener = await BatchScreener.create(init.options, init.modelsDir);
  return { rdkit: screener.rdkitVersion, columns: [...screener.columns] };
}

/** Screens a batch; stops between molecules (and before each model) when its signal fires. */
export function screen(records: readonly MoleculeRecord[], ctx: TaskContext): Promise<ScreenRow[]> {
  return screener!.screen(records, { signal: ctx.signal });
}

/** Draws a molecule as SVG (null when RDKit cannot parse it). */
export function depict(request: { smiles: string; width: number; height: number }): Promise<string | null> {
  return screener!.depict(request.smiles, request.width, request.height);
}

export async function teardown(): Promise<void> {
  await screener?.dispose();
}
