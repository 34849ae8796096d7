import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where a job's numbered result parts live: a directory every worker reaches by default; another
 * implementation (object storage) can stand in. Writes replace: a part written again (a retried shard)
 * is never there twice.
 */
export interface PartsStore {
  /** Drops parts numbered `next` and above: what an attempt wrote past its last checkpoint. */
  prepare(next: number): void;
  /** Stores part `index` whole, replacing an earlier one; a reader never sees half a part. */
  put(index: number, bytes: Uint8Array): void;
  /** The bytes of part `index`. */
  get(index: number): Promise<Uint8Array>;
  /** Removes every part. */
  clear(): void;
}

const partName = (i: number) => `part-${String(i).padStart(6, '0')}.arrow`;

/** Parts as files `part-000000.arrow`, ... in a directory, each written to a temporary file and renamed. */
export class DirectoryPartsStore implements PartsStore {
  constructor(readonly dir: string) {}

  prepare(next: number): void {
    mkdirSync(this.dir, { recursive: true });
    for (const f of readdirSync(this.dir)) {
      const i = /^part-(\d+)\.arrow$/.exec(f);
      if (!i || Number(i[1]) >= next) rmSync(join(this.dir, f), { force: true });
    }
  }

  put(index: number, bytes: Uint8Array): void {
    const path = join(this.dir, partName(index));
    writeFileSync(`${path}.tmp`, bytes);
    renameSync(`${path}.tmp`, path);
  }

  get(index: number): Promise<Uint8Array> {
    return readFile(join(this.dir, partName(index)));
  }

  clear(): void {
    if (existsSync(this.dir)) rmSync(this.dir, { recursive: true, force: true });
  }
}
