import { renameSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { RecordBatchFileWriter, RecordBatchReader, tableToIPC, type Table } from 'apache-arrow';
import { DirectoryPartsStore, type PartsStore } from './parts-store.js';

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
  /** Where the parts are: `<dir>/parts/` for a directory. */
  readonly store: PartsStore;

  constructor(where: string | PartsStore) {
    this.store = typeof where === 'string' ? new DirectoryPartsStore(join(where, 'parts')) : where;
  }

  /** Prepares for writing from part `next` on: parts from an unfinished attempt past it are removed. */
  prepare(next: number): void {
    this.store.prepare(next);
  }

  /** Writes part `index` whole, replacing an earlier one. */
  writePart(index: number, table: Table): void {
    this.store.put(index, tableToIPC(table, 'stream'));
  }

  /** Reads part `index`'s bytes (for {@link ArrowParts.concat}). */
  part(index: number): () => Promise<Uint8Array> {
    return () => this.store.get(index);
  }

  /**
   * Streams parts 0..count-1 into one Arrow IPC file, part by part, then removes them. Each part's bytes
   * reach the disk before the next part is read, so memory holds one part, whatever the row count.
   */
  async merge(count: number, out: string): Promise<void> {
    await ArrowParts.concat(
      Array.from({ length: count }, (_, i) => this.part(i)),
      out,
    );
    this.store.clear();
  }

  /**
   * Streams Arrow IPC data (stream or file format, one schema), read one input at a time, in order into
   * one Arrow IPC file, written whole before it replaces `out`.
   */
  static async concat(inputs: readonly (() => Promise<Uint8Array>)[], out: string): Promise<void> {
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
      for (const read of inputs) {
        for (const batch of RecordBatchReader.from(await read())) writer.write(batch);
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
