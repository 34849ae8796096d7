import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { defineJob, InvalidArgumentError, throwIfAborted, type Json } from '@strata/core';
import { ArrowParts } from '@strata/core/node';
import { openMolecules } from '../open-molecules.js';
import type { MoleculeFormat } from '../readers/read-molecules.js';
import type { MoleculeRecord } from '../readers/record.js';
import { mergeTop, writeCsv } from '../screening/results-files.js';
import { rowsToTable } from '../screening/row-batches.js';
import { screenOptions, type ScreenOptionsInput } from '../screening/screen-options.js';
import { openPropertyModels } from '../screening/screen-batch.js';
import { createScreenPool } from '../screening/screen-pool.js';
import { screenColumns, type ScreenRow } from '../screening/screener.js';

/** Input of the `drug.screen` job. */
export interface ScreenJobInput {
  [key: string]: Json | undefined;
  /** The molecule file: SMILES, CSV, TSV or SD, maybe gzipped. */
  readonly input: string;
  /** @defaultValue from the file name, else the content */
  readonly format?: MoleculeFormat;
  readonly smilesColumn?: string;
  readonly idColumn?: string;
  /** What to compute and how to rank (see `screenOptionsSchema`). */
  readonly options?: ScreenOptionsInput & { [key: string]: Json | undefined };
  /** Where the property models named in `options.models` are (`<dir>/<id>/model.json`). */
  readonly modelsDir?: string;
  /** Where to write results.arrow and top-k.csv. @defaultValue the job's results directory */
  readonly outputDir?: string;
  /** Screening threads, each with its own RDKit and ONNX sessions. @defaultValue every core */
  readonly workers?: number;
  /** Molecules per batch, and per checkpoint. @defaultValue `500` */
  readonly batchSize?: number;
}

/** What the job returns. */
export interface ScreenJobResult {
  [key: string]: Json | undefined;
  /** All rows, as an Arrow IPC file. */
  readonly output: string;
  /** The best rows by the ranking column, as CSV (absent when nothing ranks). */
  readonly topK: string | null;
  readonly rows: number;
  /** Rows whose molecule could not be screened (their `error` says why). */
  readonly failed: number;
  readonly columns: string[];
  /** RDKit's version: values can change between versions. */
  readonly rdkit: string;
}

interface Checkpoint {
  [key: string]: Json;
  consumed: number;
  parts: number;
  failed: number;
  top: ScreenRow[];
}

/** The column the top-k file ranks by: the one asked for, else similarity to the queries, else QED. */
function rankOf(o: ReturnType<typeof screenOptions>): { by: string; ascending: boolean } | null {
  if (o.rank) return o.rank;
  if (o.queries.length) return { by: 'similarity', ascending: false };
  return o.qed ? { by: 'qed', ascending: false } : null;
}

/**
 * Screens a molecule file on every core: parse, standardise, descriptors, QED, rules, PAINS, alerts
 * and similarity, into an Arrow file of all rows and a CSV of the top k. Progress counts molecules;
 * each batch is written before its checkpoint, so a killed job resumes with no row lost or repeated.
 */
export default defineJob<ScreenJobInput, Checkpoint, ScreenJobResult>({
  async run(ctx) {
    const input = ctx.input;
    const options = screenOptions(input.options ?? {});
    // The manifests say which columns the models add (and fail fast on an unknown model id).
    const opened = await openPropertyModels(options, input.modelsDir);
    await opened.registry?.close();
    const columns = screenColumns(options, opened.models);
    const rank = rankOf(options);
    if (rank && !columns.some((c) => c.name === rank.by && (c.type === 'float' || c.type === 'int'))) {
      throw new InvalidArgumentError(
        'options.rank.by',
        `cannot rank by "${rank.by}": it is not a numeric column`,
      );
    }
    const batchSize = input.batchSize ?? 500;
    const readOptions = {
      ...(input.format ? { format: input.format } : {}),
      ...(input.smilesColumn ? { smilesColumn: input.smilesColumn } : {}),
      ...(input.idColumn ? { idColumn: input.idColumn } : {}),
    };
    let total = 0;
    for await (const _ of openMolecules(input.input, readOptions)) total++;
    const state: Checkpoint = ctx.resume ?? { consumed: 0, parts: 0, failed: 0, top: [] };
    const files = new ArrowParts(ctx.resultsDir);
    files.prepare(state.parts);
    ctx.progress(state.consumed, total);

    const pool = await createScreenPool(options, input.workers ?? availableParallelism(), input.modelsDir);
    try {
      const records = openMolecules(input.input, readOptions)[Symbol.asyncIterator]();
      for (let skipped = 0; skipped < state.consumed; skipped++) await records.next();
      const nextBatch = async (): Promise<MoleculeRecord[]> => {
        const batch: MoleculeRecord[] = [];
        while (batch.length < batchSize) {
          const r = await records.next();
          if (r.done) break;
          batch.push(r.value);
        }
        return batch;
      };
      // Up to one batch per thread in flight; results are written in input order.
      const inFlight: { size: number; rows: Promise<ScreenRow[]> }[] = [];
      const fill = async () => {
        while (inFlight.length < pool.concurrency + 1) {
          const batch = await nextBatch();
          if (!batch.length) return;
          const rows = pool.screen(batch);
          rows.catch(() => undefined); // awaited in order below
          inFlight.push({ size: batch.length, rows });
        }
      };
      await fill();
      while (inFlight.length) {
        throwIfAborted(ctx.signal);
        const { size, rows: pending } = inFlight.shift()!;
        const rows = await pending;
        files.writePart(state.parts, rowsToTable(columns, rows));
        state.parts++;
        state.consumed += size;
        state.failed += rows.filter((r) => r.error !== null).length;
        if (rank && options.topK)
          state.top = mergeTop(state.top, rows, options.topK, rank.by, rank.ascending);
        await ctx.saveCheckpoint(state, { done: state.consumed, total });
        await fill();
      }
    } finally {
      // The screening threads (an RDKit instance and ONNX sessions each) go before the merge starts.
      await pool.close();
    }
    const outDir = input.outputDir ?? ctx.resultsDir;
    mkdirSync(outDir, { recursive: true });
    const output = join(outDir, 'results.arrow');
    await files.merge(state.parts, output);
    const topK = rank && options.topK ? join(outDir, 'top-k.csv') : null;
    if (topK) writeCsv(topK, columns, state.top);
    ctx.progress(state.consumed, total);
    return {
      output,
      topK,
      rows: state.consumed,
      failed: state.failed,
      columns: columns.map((c) => c.name),
      rdkit: pool.rdkitVersion,
    };
  },
});
