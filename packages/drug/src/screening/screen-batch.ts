import type { SaScorer } from '../descriptors/sa-score.js';
import { loadSaScorer } from '../load-sa-scorer.js';
import { RDKit } from '../rdkit/rdkit.js';
import type { MoleculeRecord } from '../readers/record.js';
import { screenOptions, type ScreenOptions } from './screen-options.js';
import { Screener, type ScreenRow } from './screener.js';

/**
 * A Screener that renews its RDKit instance between batches when it wears out (leaks and C++
 * exceptions accumulate over millions of molecules), recompiling its queries on the fresh instance.
 */
export class BatchScreener {
  private constructor(
    private readonly rdkit: RDKit,
    private screener: Screener,
    private readonly options: ScreenOptions,
    private readonly sa: SaScorer | undefined,
  ) {}

  /** A batch screener on this thread's RDKit. */
  static async create(options: unknown): Promise<BatchScreener> {
    const parsed = screenOptions(options);
    const rdkit = await RDKit.load();
    const sa = parsed.sa ? await loadSaScorer() : undefined;
    return new BatchScreener(rdkit, new Screener(rdkit, parsed, sa), parsed, sa);
  }

  /** RDKit's version, for the results. */
  get rdkitVersion(): string {
    return this.rdkit.version;
  }

  /** The columns of the rows it makes. */
  get columns(): Screener['columns'] {
    return this.screener.columns;
  }

  /** Screens a batch, one row per record, in order. */
  async screen(records: readonly MoleculeRecord[]): Promise<ScreenRow[]> {
    if (this.rdkit.worn) {
      this.screener.dispose();
      await this.rdkit.renew();
      this.screener = new Screener(this.rdkit, this.options, this.sa);
    }
    return records.map((r) => this.screener.screen(r));
  }

  dispose(): void {
    this.screener.dispose();
  }
}
