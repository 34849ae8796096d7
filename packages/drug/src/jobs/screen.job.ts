import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InvalidArgumentError, isStrataError, throwIfAborted } from '@strata/core';
import type { Json } from '@strata/jobs';
import { ArrowParts } from '@strata/core/node';
import { defineShardedJob } from '@strata/jobs';
import { planMoleculeShards, readMoleculeShard, type MoleculeShard } from '../molecule-shards.js';
import { DrugError } from '../errors.js';
import type { ReaderLimits } from '../readers/limits.js';
import type { MoleculeFormat, ReadMoleculesOptions } from '../readers/read-molecules.js';
import type { MoleculeRecord } from '../readers/record.js';
import { mergeTop, writeCsv } from '../screening/results-files.js';
import { rowsToTable } from '../screening/row-batches.js';
import { screenOptions, type ScreenOptionsInput } from '../screening/screen-options.js';
import { openPropertyModels } from '../screening/screen-batch.js';
import { closeScreenPools, rdkitVersion, screenPool } from './shared-pool.js';
import { ShardTop } from './shard-top.js';
import { screenColumns, type ScreenRow } from '../screening/screener.js';

/** Input of the `drug.screen` job. */
export interface ScreenJobInput {
  [key: string]: Json | undefined;
  /** The molecule file: SMILES, CSV, TSV or SD, maybe gzipped. */
  readonly input: string;
  /**
   * What the job's failures call the input: an upload's name as its sender gave it (the file is
   * stored under a random one), a library's id. @defaultValue the file's base name
   */
  readonly inputName?: string;
  /** @defaultValue from the file name, else the content */
  readonly format?: MoleculeFormat;
  readonly smilesColumn?: string;
  readonly idColumn?: string;
  /**
   * Whether the first line of a SMILES/CSV/TSV file is a header: `false` for a list of molecules
   * whose first might be called "smiles". @defaultValue as `readMolecules` decides
   */
  readonly header?: boolean;
  /**
   * The limits the input is held to (line and record sizes, decompression size and ratio; see
   * `ReaderLimits` for the defaults), as finite numbers: a job's input is JSON. A gzip input past a
   * decompression limit fails the job with `READER_LIMIT` naming it; a line past one is an error row.
   */
  readonly limits?: { [key: string]: number | undefined } & ReaderLimits;
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
  /**
   * Molecules per shard: the unit a queue hands to one worker. Each shard reads only its own bytes
   * of the input, found by the plan's one read.
   * @defaultValue 20,000, doubled as often as it takes to keep at most 256 shards
   */
  readonly shardSize?: number;
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

/**
 * A shard: `units` records from record `first` (0-based) of the input, which are its bytes
 * `[start, end)` (see `MoleculeShard`); of the input's decompressed copy when `copy`.
 */
type ScreenShard = MoleculeShard & { readonly copy: boolean };

interface ShardState {
  [key: string]: Json;
  consumed: number;
  parts: number;
  failed: number;
}

/** What a shard commits: its counts, its parts and its best rows. */
type ShardOutput = { rows: number; failed: number; parts: number; rdkit: string };

/** The column the top-k file ranks by: the one asked for, else similarity to the queries, else QED. */
function rankOf(o: ReturnType<typeof screenOptions>): { by: string; ascending: boolean } | null {
  if (o.rank) return o.rank;
  if (o.queries.length) return { by: 'similarity', ascending: false };
  return o.qed ? { by: 'qed', ascending: false } : null;
}

/** The options, columns and ranking of a screen; throws naming a bad option or model. */
async function prepare(input: ScreenJobInput) {
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
  return { options, columns, rank };
}

const readOptionsOf = (input: ScreenJobInput): ReadMoleculesOptions => ({
  ...(input.format ? { format: input.format } : {}),
  ...(input.smilesColumn ? { smilesColumn: input.smilesColumn } : {}),
  ...(input.idColumn ? { idColumn: input.idColumn } : {}),
  ...(input.header !== undefined ? { header: input.header } : {}),
  ...input.limits,
});

const shardDir = (resultsDir: string, index: number) => join(resultsDir, 'shards', String(index));

/** What the job's failures call its input. */
const inputName = (input: ScreenJobInput) => input.inputName ?? basename(input.input);

/** A failure reading the input, naming it: a user with several screens sees which file it was. */
function aboutInput(err: unknown, input: ScreenJobInput): unknown {
  if (!isStrataError(err, 'READER_FORMAT', 'READER_LIMIT', 'COLUMN_NOT_FOUND')) return err;
  const { code, message, context } = err as DrugError;
  return new DrugError(code, `${inputName(input)}: ${message}`, {
    context,
    cause: err,
  });
}

/** Where the plan decompresses a gzip input, for every shard to read its bytes from. */
const copyDir = (resultsDir: string) => join(resultsDir, 'input');
const copyOf = (resultsDir: string, input: string) =>
  join(copyDir(resultsDir), basename(input).replace(/\.gz$/i, ''));

/**
 * Screens a molecule file on every core: parse, standardise, descriptors, QED, rules, PAINS, alerts
 * and similarity, into an Arrow file of all rows and a CSV of the top k. It runs in shards of records
 * (any worker of a scaled-out queue takes one); within a shard each batch is written before its
 * checkpoint, so a killed worker's shard resumes with no row lost or repeated.
 */
export default defineShardedJob<ScreenJobInput, ShardState, ScreenJobResult, ScreenShard, ShardOutput>({
  async plan(ctx) {
    await prepare(ctx.input);
    const { shardSize } = ctx.input;
    const { shards, decompressed, lines } = await planMoleculeShards(ctx.input.input, {
      ...readOptionsOf(ctx.input),
      ...(shardSize !== undefined ? { shardSize } : { shardSize: 20_000, maxShards: 256 }),
      decompressTo: copyOf(ctx.resultsDir, ctx.input.input),
      signal: ctx.signal,
    }).catch((err: unknown) => {
      // A failed plan (a limit, a cancel, a bad column) leaves no decompressed copy behind.
      rmSync(copyDir(ctx.resultsDir), { recursive: true, force: true });
      throw aboutInput(err, ctx.input);
    });
    // A screen of nothing is a mistake (the wrong file, a header alone): say so rather than succeed.
    if (!shards.length) {
      rmSync(copyDir(ctx.resultsDir), { recursive: true, force: true });
      throw new DrugError(
        'READER_FORMAT',
        lines
          ? `${inputName(ctx.input)} holds no molecules: none of its ${lines} line${lines > 1 ? 's' : ''} is a molecule (a header alone?)`
          : `${inputName(ctx.input)} holds no molecules: it is empty`,
      );
    }
    return shards.map((s) => ({ ...s, copy: decompressed }));
  },

  async runShard(ctx) {
    const input = ctx.input;
    const { options, columns, rank } = await prepare(input);
    const batchSize = input.batchSize ?? 500;
    const state: ShardState = ctx.resume ?? { consumed: 0, parts: 0, failed: 0 };
    const files = new ArrowParts(shardDir(ctx.resultsDir, ctx.index));
    files.prepare(state.parts);
    const ranked = rank && options.topK ? new ShardTop(shardDir(ctx.resultsDir, ctx.index)) : null;
    // A checkpoint stored before the top rows had files of their own holds them.
    let top = (ctx.resume as { top?: ScreenRow[] } | undefined)?.top ?? ranked?.read(state.parts) ?? [];
    ctx.progress(state.consumed);
    const pool = await screenPool(options, input);
    const file = ctx.shard.copy ? copyOf(ctx.resultsDir, input.input) : input.input;
    const read = { ...readOptionsOf(input), signal: ctx.signal };
    const records = readMoleculeShard(file, ctx.shard, read)[Symbol.asyncIterator]();
    try {
      // A resumed shard reads past the records it has screened, within its own bytes.
      for (let skipped = 0; skipped < state.consumed; skipped++) await records.next();
      let left = ctx.shard.units - state.consumed;
      const nextBatch = async (): Promise<MoleculeRecord[]> => {
        const batch: MoleculeRecord[] = [];
        while (batch.length < Math.min(batchSize, left)) {
          const r = await records.next();
          if (r.done) break;
          batch.push(r.value);
        }
        left -= batch.length;
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
        if (ranked) {
          top = mergeTop(top, rows, options.topK!, rank!.by, rank!.ascending);
          ranked.write(state.parts, top);
        }
        await ctx.saveCheckpoint(state, { done: state.consumed });
        ranked?.prune(state.parts);
        await fill();
      }
    } catch (err) {
      // Stopped or failed with batches still on the threads: end them rather than keep them for the next shard.
      await closeScreenPools();
      throw aboutInput(err, input);
    } finally {
      await records.return?.(undefined);
      pool.release();
    }
    return {
      rows: state.consumed,
      failed: state.failed,
      parts: state.parts,
      rdkit: pool.rdkitVersion,
    };
  },

  async assemble(ctx) {
    const input = ctx.input;
    const { options, columns, rank } = await prepare(input);
    // The screening threads (an RDKit instance and ONNX sessions each) go before the merge starts.
    await closeScreenPools();
    const outDir = input.outputDir ?? ctx.resultsDir;
    mkdirSync(outDir, { recursive: true });
    const output = join(outDir, 'results.arrow');
    const parts = ctx.outputs.flatMap((o, i) => {
      const files = new ArrowParts(shardDir(ctx.resultsDir, i));
      return Array.from({ length: o.parts }, (_, p) => files.part(p));
    });
    // An assemble run again after it removed the parts (its worker died before the job ended) keeps its output.
    const shardsLeft = existsSync(join(ctx.resultsDir, 'shards'));
    if (shardsLeft || !existsSync(output)) await ArrowParts.concat(parts, output);
    const topK = rank && options.topK ? join(outDir, 'top-k.csv') : null;
    if (topK && (shardsLeft || !existsSync(topK))) {
      let top: ScreenRow[] = [];
      ctx.outputs.forEach((o, i) => {
        const rows = new ShardTop(shardDir(ctx.resultsDir, i)).read(o.parts);
        top = mergeTop(top, rows, options.topK!, rank!.by, rank!.ascending);
      });
      writeCsv(topK, columns, top);
    }
    rmSync(join(ctx.resultsDir, 'shards'), { recursive: true, force: true });
    rmSync(copyDir(ctx.resultsDir), { recursive: true, force: true });
    const rows = ctx.outputs.reduce((n, o) => n + o.rows, 0);
    ctx.progress(rows);
    return {
      output,
      topK,
      rows,
      failed: ctx.outputs.reduce((n, o) => n + o.failed, 0),
      columns: columns.map((c) => c.name),
      rdkit: ctx.outputs[0]?.rdkit ?? (await rdkitVersion(options, input)),
    };
  },
});
