import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScreenRow } from '../screening/screener.js';

/**
 * The running top rows of one shard of a screen, in a file per checkpoint beside its Arrow parts
 * rather than in the checkpoint: a checkpoint line per batch that repeated the top rows made the job
 * journal grow by tens of kilobytes a batch. The file of a checkpoint is named by its part count and
 * written before it, so a resumed shard reads the top rows of exactly the batches it has kept.
 */
export class ShardTop {
  private readonly dir: string;

  constructor(shardDir: string) {
    this.dir = join(shardDir, 'top');
  }

  /** The top rows as of the checkpoint with `parts` parts (none before the first). */
  read(parts: number): ScreenRow[] {
    if (parts === 0) return [];
    return JSON.parse(readFileSync(this.file(parts), 'utf8')) as ScreenRow[];
  }

  /** Keeps the top rows of the checkpoint about to be saved with `parts` parts (whole, or not at all). */
  write(parts: number, rows: readonly ScreenRow[]): void {
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.file(parts)}.tmp`;
    writeFileSync(tmp, JSON.stringify(rows));
    renameSync(tmp, this.file(parts));
  }

  /**
   * Removes the file of the checkpoint before the one with `parts` parts (older ones went at theirs;
   * any a crash left behind go with the shard's directory).
   */
  prune(parts: number): void {
    rmSync(this.file(parts - 1), { force: true });
  }

  private file(parts: number): string {
    return join(this.dir, `top-${parts}.json`);
  }
}
