// What the design page shows of a run: its generations as chart lines, and its result columns (one per
// objective term) under readable labels.
import type { GenerationStats } from '@strata/drug-api';
import { PALETTE } from '../components/chart-colours';
import type { ChartLine } from '../components/chart';
import type { DesignChoices } from './design-terms';

/** The chart of a run's generations: x the generation, lines the population's best and mean score. */
export function generationChart(generations: readonly GenerationStats[]): {
  x: number[];
  lines: ChartLine[];
} {
  return {
    x: generations.map((g) => g.generation),
    lines: [
      { key: 'best', label: 'best score', values: generations.map((g) => g.best), colour: PALETTE[0] },
      {
        key: 'mean',
        label: 'mean score of the population',
        values: generations.map((g) => g.mean),
        colour: PALETTE[1],
        dash: [5, 4],
      },
    ],
  };
}

/** Result columns that are not an objective term's value. */
const NOT_TERMS = new Set(['rank', 'smiles', 'score', 'parents', 'generation']);

/** The columns of a design's results that hold its terms' values, in the objective's order. */
export const termColumns = (columns: readonly string[]): string[] => columns.filter((c) => !NOT_TERMS.has(c));

const FIXED: Record<string, string> = { similarity: 'Similarity', qed: 'QED', sa_score: 'SA score' };

/**
 * A term column's label: the descriptor's or the model output's as screens label them, similarity, QED
 * or SA score; a second term of the same name (`similarity_2`) numbered; the name itself when unknown.
 *
 * @example
 * ```ts
 * termLabel('similarity_2', null); // 'Similarity 2'
 * ```
 */
export function termLabel(column: string, choices: DesignChoices | null): string {
  const columns = choices?.models.flatMap((m) => m.columns) ?? [];
  const exact = (name: string) =>
    FIXED[name] ??
    choices?.descriptors.find((d) => d.name === name)?.label ??
    columns.find((c) => c.name === name)?.label;
  const found = exact(column);
  if (found) return found;
  const [, base = '', n] = /^(.*)_(\d+)$/.exec(column) ?? [];
  const numbered = n === undefined ? undefined : exact(base);
  return numbered ? `${numbered} ${n}` : column;
}
