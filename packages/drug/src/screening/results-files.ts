import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { open, readFile } from 'node:fs/promises';
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

  /**
   * Streams parts 0..count-1 into one Arrow IPC file, part by part, then removes them. Each part's bytes
   * reach the disk before the next part is read, so memory holds one part, whatever the row count.
   */
  async merge(count: number, out: string): Promise<void> {
    const writer = new RecordBatchFileWriter();
    const file = await open(`${out}.tmp`, 'w');
    let idle = false;
    // The writer hands out its bytes as an async iterable: this loop moves them to the file, and says
    // when it is waiting for more, which is when everything written so far is on its way to disk.
    const pump = (async () => {
      const chunks = writer[Symbol.asyncIterator]();
      for (;;) {
        idle = true;
        const next = await chunks.next();
        idle = false;
        if (next.done) return;
        await file.write(next.value);
      }
    })();
    try {
      for (let i = 0; i < count; i++) {
        for (const batch of RecordBatchReader.from(await readFile(join(this.partsDir, partName(i)))))
          writer.write(batch);
        do await new Promise((resolve) => setImmediate(resolve));
        while (!idle);
      }
      writer.finish();
      await pump;
    } finally {
      await file.close();
    }
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
