import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { RecordBatchFileWriter, RecordBatchReader, tableToIPC, type Table } from 'apache-arrow';
import type { ScreenColumn, ScreenRow } from './screener.js';

const partName = (i: number) => `part-${String(i).padStart(6, '0')}.arrow`;

/**
 * A screening's results on disk: numbered Arrow parts, each written whole (temporary file, then rename)
 * before the checkpoint that counts it, then merged into one Arrow IPC file. A part past the last
 * checkpoint (written just before a crash) is dropped on resume, so no row is lost or written twice.
 */
export class ResultsFiles {
  readonly partsDir: string;

  constructor(readonly dir: string) {
    this.partsDir = join(dir, 'parts');
  }

  /** Prepares for writing from part `next` on: parts from an unfinished attempt past it are removed. */
  prepare(next: number): void {
    mkdirSync(this.partsDir, { recursive: true });
    for (const f of readdirSync(this.partsDir)) {
      const i = /^part-(\d+)\.arrow$/.exec(f);
      if (!i || Number(i[1]) >= next) rmSync(join(this.partsDir, f), { force: true });
    }
  }

  /** Writes part `index` atomically. */
  writePart(index: number, table: Table): void {
    const path = join(this.partsDir, partName(index));
    writeFileSync(`${path}.tmp`, tableToIPC(table, 'stream'));
    renameSync(`${path}.tmp`, path);
  }

  /** Streams parts 0..count-1 into one Arrow IPC file, batch by batch, then removes them. */
  async merge(count: number, out: string): Promise<void> {
    const parts = Array.from({ length: count }, (_, i) => join(this.partsDir, partName(i)));
    async function* batches() {
      for (const p of parts) yield* RecordBatchReader.from(readFileSync(p));
    }
    const writer = new RecordBatchFileWriter();
    const done = pipeline(writer.toNodeStream(), createWriteStream(`${out}.tmp`));
    for await (const batch of batches()) writer.write(batch);
    writer.finish();
    await done;
    renameSync(`${out}.tmp`, out);
    if (existsSync(this.partsDir)) rmSync(this.partsDir, { recursive: true, force: true });
  }

  /** Writes rows as CSV (RFC 4180 quoting). */
  writeCsv(path: string, columns: readonly ScreenColumn[], rows: readonly ScreenRow[]): void {
    const cell = (v: ScreenRow[string]) => {
      if (v === null || v === undefined) return '';
      const s = String(v);
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const lines = [
      columns.map((c) => cell(c.name)).join(','),
      ...rows.map((r) => columns.map((c) => cell(r[c.name]!)).join(',')),
    ];
    writeFileSync(`${path}.tmp`, `${lines.join('\n')}\n`);
    renameSync(`${path}.tmp`, path);
  }
}

/** Keeps the k best rows by a numeric column (rows without a value never rank). */
export function mergeTop(
  top: readonly ScreenRow[],
  rows: readonly ScreenRow[],
  k: number,
  by: string,
  ascending: boolean,
): ScreenRow[] {
  const ranked = rows.filter((r) => typeof r[by] === 'number' && !Number.isNaN(r[by]));
  const sign = ascending ? 1 : -1;
  return [...top, ...ranked]
    .sort(
      (a, b) =>
        sign * ((a[by] as number) - (b[by] as number)) || (a.position as number) - (b.position as number),
    )
    .slice(0, k);
}
