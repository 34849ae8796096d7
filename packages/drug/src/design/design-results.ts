// What a design run writes: its best molecules as an Arrow table (columns labelled as a screen's are), the
// statistics of each generation, and the molecules it has scored (so that a resumed run never counts one twice).
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableToArrowBytes } from '@strata/core';
import { writeCsv } from '../screening/results-files.js';
import { rowsToTable } from '../screening/row-batches.js';
import type { ScreenColumn } from '../screening/screener.js';
import type { Candidate } from './graph-ga.js';

/** One generation's statistics. */
export interface GenerationStats {
  readonly generation: number;
  /** The best and mean score of the population after this generation. */
  readonly best: number;
  readonly mean: number;
  /** Molecules the optimiser has scored so far (the seeds not included). */
  readonly scored: number;
  /** New molecules this generation brought. */
  readonly novel: number;
}

const column = (
  name: string,
  type: ScreenColumn['type'],
  label: string,
  description: string,
): ScreenColumn => ({
  name,
  type,
  label,
  description,
});

/** The columns of a design run's results: rank, molecule, score, each term's value, parents, generation. */
export function designColumns(termNames: readonly string[]): ScreenColumn[] {
  return [
    column('rank', 'int', 'Rank', 'Position by score, best first.'),
    column('smiles', 'string', 'SMILES', 'RDKit canonical SMILES.'),
    column('score', 'float', 'Score', 'The objective, from 0 to 1.'),
    ...termNames.map((n) => column(n, 'float', n, `The value the objective term "${n}" measured.`)),
    column('parents', 'string', 'Parents', 'The molecules it was made from (none for a seed).'),
    column('generation', 'int', 'Generation', 'The generation that made it (0 for a seed).'),
  ];
}

/** Writes the best molecules as `results.arrow` and `results.csv`, best first; returns the Arrow file's path. */
export function writeBest(dir: string, termNames: readonly string[], best: readonly Candidate[]): string {
  const rows = best.map((c, i) => ({
    rank: i + 1,
    smiles: c.smiles,
    score: c.score,
    ...Object.fromEntries(termNames.map((n, k) => [n, c.values[k] ?? null])),
    parents: c.parents.join(' '),
    generation: c.generation,
  }));
  const columns = designColumns(termNames);
  const path = join(dir, 'results.arrow');
  writeFileSync(`${path}.tmp`, tableToArrowBytes(rowsToTable(columns, rows)));
  renameSync(`${path}.tmp`, path);
  writeCsv(join(dir, 'results.csv'), columns, rows);
  return path;
}

/** The file of a run's generation statistics (JSON), rewritten each generation. */
export const generationsFile = (dir: string) => join(dir, 'generations.json');

/** Writes the statistics of every generation so far. */
export function writeGenerations(dir: string, stats: readonly GenerationStats[]): void {
  const path = generationsFile(dir);
  writeFileSync(`${path}.tmp`, JSON.stringify(stats));
  renameSync(`${path}.tmp`, path);
}

/** The statistics written so far, the first `count` of them (a resumed run drops those past its checkpoint). */
export function readGenerations(dir: string, count = Infinity): GenerationStats[] {
  const path = generationsFile(dir);
  if (!existsSync(path)) return [];
  return (JSON.parse(readFileSync(path, 'utf8')) as GenerationStats[]).slice(0, count);
}

/** Molecules scored so far, one SMILES a line: appended each generation, read back on resume. */
export class ScoredLog {
  private readonly path: string;

  constructor(dir: string) {
    this.path = join(dir, 'scored.smi');
  }

  /** The first `lines` molecules (those a checkpoint covers), and the file cut back to them. */
  read(lines: number): Set<string> {
    if (!existsSync(this.path)) return new Set();
    const kept = readFileSync(this.path, 'utf8').split('\n').slice(0, lines);
    writeFileSync(this.path, kept.length ? `${kept.join('\n')}\n` : '');
    return new Set(kept);
  }

  append(smiles: readonly string[]): void {
    if (smiles.length) appendFileSync(this.path, `${smiles.join('\n')}\n`);
  }
}
