import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RecordBatchFileWriter, RecordBatchReader, tableToIPC, type Table } from 'apache-arrow';

const partName = (i: number) => `part-${String(i).padStart(6, '0')}.arrow`;

/**
 * A job's tabular results on disk: numbered Arrow parts, each written whole (temporary file, then
 * rename) before the checkpoint that counts it, then merged into one Arrow IPC file. A part past the
 * last checkpoint (written just before a crash) is dropped on resume, so no row is lost or written twice.
 *
 * @example
 * ```ts
 * const parts = new ArrowParts(ctx.resultsDir);
 * parts.prepare(state.parts);          // after a restart: drop parts the checkpoint does not count
 * parts.writePart(state.parts++, table);
 * await ctx.saveCheckpoint(state);
 * await parts.merge(state.parts, 'results.arrow');
 * ```
 */
export class ArrowParts {
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

  /** The file of part `index`. */
  partPath(index: number): string {
    return join(this.partsDir, partName(index));
  }

  /**
   * Streams parts 0..count-1 into one Arrow IPC file, part by part, then removes them. Each part's bytes
   * reach the disk before the next part is read, so memory holds one part, whatever the row count.
   */
  async merge(count: number, out: string): Promise<void> {
    await ArrowParts.concat(
      Array.from({ length: count }, (_, i) => this.partPath(i)),
      out,
    );
    if (existsSync(this.partsDir)) rmSync(this.partsDir, { recursive: true, force: true });
  }

  /**
   * Streams Arrow IPC files (stream or file format, one schema) in order into one Arrow IPC file,
   * written whole before it replaces `out`; memory holds one input at a time.
   */
  static async concat(files: readonly string[], out: string): Promise<void> {
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
      for (const part of files) {
        for (const batch of RecordBatchReader.from(await readFile(part))) writer.write(batch);
        do await new Promise((resolve) => setImmediate(resolve));
        while (!idle);
      }
      writer.finish();
      await pump;
    } finally {
      await file.close();
    }
    renameSync(`${out}.tmp`, out);
  }
}
