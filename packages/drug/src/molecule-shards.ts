import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidArgumentError, throwIfAborted } from '@strata/core';
import { DrugError } from './errors.js';
import { ByteLines } from './readers/byte-lines.js';
import {
  formatOfName,
  lineRecords,
  sniffFormat,
  type MoleculeFormat,
  type ReadMoleculesOptions,
} from './readers/read-molecules.js';
import { checkLimits, type Line } from './readers/limits.js';
import type { MoleculeRecord, RecordSink } from './readers/record.js';
import { unpackInput } from './readers/unpack.js';

/**
 * One shard of a molecule file: `units` records from record `first` (0-based), which are the bytes
 * `[start, end)` of the file. JSON, so that it travels in a job's plan to any worker machine.
 */
export type MoleculeShard = {
  readonly units: number;
  readonly first: number;
  /** The shard's bytes: from just after the line that ends record `first - 1` (0 for the first shard). */
  readonly start: number;
  readonly end: number;
  /** Lines before `start`: a SMILES/CSV record's number is its line. */
  readonly line: number;
  /** The header's bytes at the file's start, which a later shard reads again for the columns (0: none). */
  readonly head: number;
  readonly format: MoleculeFormat;
};

/** Reads bytes `[start, end)` of a file, in chunks (`end` may be `Infinity`: to the end). */
export type ReadBytes = (
  path: string,
  range: { readonly start: number; readonly end: number },
) => AsyncIterable<Uint8Array>;

/** {@link ReadBytes} from the file system, 64 KiB at a time (see `openMolecules` for why not more). */
export const readFileRange: ReadBytes = (path, { start, end }) =>
  end <= start ? nothing() : createReadStream(path, { start, end: end - 1, highWaterMark: 1 << 16 });

async function* nothing(): AsyncGenerator<Uint8Array> {}

/** Options of {@link planMoleculeShards}. */
export interface PlanMoleculeShardsOptions extends ReadMoleculesOptions {
  /** Records per shard. */
  readonly shardSize: number;
  /** At most this many shards: the shard size doubles until they fit. @defaultValue no limit */
  readonly maxShards?: number;
  /**
   * Where a gzip (or UTF-16) input is decompressed (or transcoded) to, for the shards to read; required
   * for such an input. Removed again where the plan fails.
   */
  readonly decompressTo?: string;
  /** @defaultValue {@link readFileRange} */
  readonly readBytes?: ReadBytes;
  readonly signal?: AbortSignal;
}

/** What {@link planMoleculeShards} made. */
export interface MoleculeShardPlan {
  readonly shards: MoleculeShard[];
  readonly records: number;
  /** Whether the input was gzip (or UTF-16), so the shards read `decompressTo`. */
  readonly decompressed: boolean;
  /** The lines of a SMILES/CSV/TSV text, or of an SD text: 0 for an empty input. */
  readonly lines: number;
}

/**
 * Record boundaries (the offset and line after a record's last line) every `step` records. With a
 * limit on the shards, the step doubles whenever they would outgrow it, so the index stays small
 * however long the file.
 */
class Marks {
  offsets = [0];
  lines = [0];

  constructor(
    public step: number,
    private readonly maxShards: number,
  ) {}

  add(records: number, offset: number, line: number): void {
    if (records % this.step) return;
    this.offsets.push(offset);
    this.lines.push(line);
    if (this.offsets.length > this.maxShards + 1) this.double();
  }

  /** Ends the index at `records`: the step that keeps the shards within the limit. */
  close(records: number): void {
    while (Math.ceil(records / this.step) > this.maxShards) this.double();
  }

  private double(): void {
    const even = (_: number, i: number) => i % 2 === 0;
    this.offsets = this.offsets.filter(even);
    this.lines = this.lines.filter(even);
    this.step *= 2;
  }
}

/** The file's text bytes (unpacked and copied to `decompressTo` where it is gzip or UTF-16), and its head. */
async function textBytes(path: string, options: PlanMoleculeShardsOptions) {
  const bytes = (options.readBytes ?? readFileRange)(path, { start: 0, end: Infinity });
  const { chunks, head, steps } = await unpackInput(bytes, options);
  const decompressed = steps.length > 0;
  if (!decompressed) return { chunks: chunks as AsyncIterable<Uint8Array>, head, decompressed };
  if (!options.decompressTo) {
    await chunks[Symbol.asyncIterator]().return?.();
    throw new InvalidArgumentError(
      'decompressTo',
      `${path} is ${steps.join(', ')}: say where to decompress it`,
    );
  }
  return { chunks: copying(chunks as AsyncIterable<Uint8Array>, options.decompressTo), head, decompressed };
}

/**
 * Writes the chunks to a file as they pass; the file appears, complete, once they are all written, and
 * the part written goes where they stop early (a limit, a cancel: a bomb's bytes do not stay on disk).
 */
async function* copying(chunks: AsyncIterable<Uint8Array>, path: string): AsyncGenerator<Uint8Array> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const file = await open(partial, 'w');
  let done = false;
  try {
    for await (const chunk of chunks) {
      await file.write(chunk);
      yield chunk;
    }
    done = true;
  } finally {
    await file.close();
    if (!done) await rm(partial, { force: true });
  }
  await rename(partial, path);
}

function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(name, `${name} must be a whole number ≥ 1, got ${n}`, { value: n });
}

/**
 * Splits a molecule file (SMILES, CSV, TSV or SD; gzip-compressed or not) into shards of records,
 * reading it once: each shard is a byte range that {@link readMoleculeShard} reads alone, so the shards
 * read the file once between them, where shards that skip to their first record read it `n / 2`
 * times. A gzip input is decompressed once, to `decompressTo`, and the shards read that copy. Records
 * are counted as `readMolecules` reads them, so the shards yield its very records and positions.
 * Quoted CSV fields may hold line ends: rows are followed as `readMolecules` follows them.
 *
 * @example
 * ```ts
 * const { shards } = await planMoleculeShards('library.smi', { shardSize: 20_000 });
 * for await (const r of readMoleculeShard('library.smi', shards[1]!)) console.log(r.position, r.id);
 * ```
 */
export async function planMoleculeShards(
  path: string,
  options: PlanMoleculeShardsOptions,
): Promise<MoleculeShardPlan> {
  checkCount('shardSize', options.shardSize);
  checkLimits(options);
  if (options.maxShards !== undefined) checkCount('maxShards', options.maxShards);
  const text = await textBytes(path, options);
  // The format as `readMolecules` finds it: from the head of the text when the name does not say.
  const format = options.format ?? formatOfName(options.name ?? path) ?? sniffFormat(text.head);
  const records = lineRecords(format, options);
  const marks = new Marks(options.shardSize, options.maxShards ?? Infinity);
  let [count, head] = [0, records.headerRead ? 0 : -1];
  const lines = new ByteLines(options);
  const sink: RecordSink = (_, end, line) => marks.add(++count, end, line);
  let lineCount = 0;
  const onLine = (text: Line, end: number) => {
    lineCount++;
    records.push(text, end, sink);
    if (head < 0 && records.headerRead) head = end;
  };
  for await (const chunk of text.chunks) {
    throwIfAborted(options.signal);
    lines.feed(chunk, onLine);
  }
  lines.flush(onLine);
  records.end(lines.offset, sink);
  marks.close(count);
  const shards: MoleculeShard[] = [];
  for (let i = 0; i * marks.step < count; i++) {
    const first = i * marks.step;
    shards.push({
      units: Math.min(marks.step, count - first),
      first,
      start: marks.offsets[i]!,
      end: marks.offsets[i + 1] ?? lines.offset,
      line: marks.lines[i]!,
      head: Math.max(head, 0),
      format,
    });
  }
  return { shards, records: count, decompressed: text.decompressed, lines: lineCount };
}

/** Options of {@link readMoleculeShard}: the planning's reading options, and how to read bytes. */
export interface ReadMoleculeShardOptions extends Omit<ReadMoleculesOptions, 'format' | 'name'> {
  /** @defaultValue {@link readFileRange} */
  readonly readBytes?: ReadBytes;
  readonly signal?: AbortSignal;
}

/**
 * The records of one shard that {@link planMoleculeShards} made, reading only its bytes (and, for a
 * shard after the first of a file with a header, the header's). Throws `READER_FORMAT` when the range
 * holds fewer records than planned: the file changed after the plan.
 */
export async function* readMoleculeShard(
  file: string,
  shard: MoleculeShard,
  options: ReadMoleculeShardOptions = {},
): AsyncGenerator<MoleculeRecord> {
  const read = options.readBytes ?? readFileRange;
  const records = lineRecords(shard.format, options);
  if (shard.start > 0) {
    // The columns come from the header; what its lines yield belongs to the first shard.
    const head = new ByteLines(options);
    const none: RecordSink = () => undefined;
    for await (const chunk of read(file, { start: 0, end: shard.head }))
      head.feed(chunk, (l, end) => records.push(l, end, none));
    head.flush((l, end) => records.push(l, end, none));
    records.continueAt(shard.line, shard.first);
  }
  const lines = new ByteLines({ ...options, start: shard.start });
  let count = 0;
  const batch: MoleculeRecord[] = [];
  const sink: RecordSink = (record) => void batch.push(record);
  const onLine = (text: Line, end: number) => records.push(text, end, sink);
  for await (const chunk of read(file, { start: shard.start, end: shard.end })) {
    throwIfAborted(options.signal);
    lines.feed(chunk, onLine);
    count += batch.length;
    for (const record of batch) yield record;
    batch.length = 0;
  }
  lines.flush(onLine);
  records.end(lines.offset, sink);
  count += batch.length;
  yield* batch;
  if (count < shard.units)
    throw new DrugError(
      'READER_FORMAT',
      `bytes ${shard.start}..${shard.end} of ${file} hold ${count} records, not the ${shard.units} planned: has the file changed since?`,
      { context: { record: shard.first + count + 1 } },
    );
}
