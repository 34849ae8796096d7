import { availableParallelism } from 'node:os';
import { mkdirSync } from 'node:fs';
import { throwIfAborted } from '@strata/core';
import { defineJob, type Json } from '@strata/jobs';
import { createDesignPool, type DesignPool } from '../design/design-pool.js';
import { designOptions, type DesignOptions, type DesignOptionsInput } from '../design/design-options.js';
import {
  readGenerations,
  ScoredLog,
  writeBest,
  writeGenerations,
  type GenerationStats,
} from '../design/design-results.js';
import { bestOf, chunksOf, nextPopulation, parentPairs, type Candidate } from '../design/graph-ga.js';
import { termNames } from '../design/objective/objective-schema.js';
import { seedMolecules } from '../design/seed-molecules.js';

/** Input of the `drug.design` job. */
export interface DesignJobInput {
  [key: string]: Json | undefined;
  /** What to design (see `designOptionsSchema`). */
  readonly options: DesignOptionsInput & { [key: string]: Json | undefined };
  /** Where the property models and the generator are (`<dir>/<id>/model.json`). */
  readonly modelsDir?: string;
  /** Design threads, each with its own RDKit and ONNX sessions. @defaultValue every core */
  readonly workers?: number;
  /** Where to write results.arrow and results.csv. @defaultValue the job's results directory */
  readonly outputDir?: string;
}

/** Why a run stopped. */
export type DesignStop = 'budget' | 'patience' | 'no new molecules';

/** What the job returns. */
export interface DesignJobResult {
  [key: string]: Json | undefined;
  /** The best molecules, best first, as an Arrow IPC file (and beside it, results.csv). */
  readonly output: string;
  readonly columns: string[];
  readonly generations: number;
  /** Molecules the optimiser scored (the budget counts these), and the seeds scored besides. */
  readonly scored: number;
  readonly seedsScored: number;
  /** Molecules the operators proposed to RDKit, and those it refused (dropped). */
  readonly proposed: number;
  readonly invalid: number;
  readonly best: { smiles: string; score: number } | null;
  readonly stopped: DesignStop;
  readonly rdkit: string;
}

/** A checkpoint: the state after a whole generation. */
interface DesignState {
  [key: string]: Json;
  generation: number;
  scored: number;
  seedsScored: number;
  proposed: number;
  invalid: number;
  /** Generations in a row that left the population unchanged, and that brought nothing new. */
  stale: number;
  barren: number;
  /** Lines of the scored-molecules log this state covers. */
  logged: number;
  population: Candidate[];
  best: Candidate[];
}

/** Generations in a row without a new molecule after which a run stops rather than spin. */
const BARREN_LIMIT = 20;

const asCandidates = (scored: Awaited<ReturnType<DesignPool['score']>>, generation: number): Candidate[] =>
  scored.flatMap((s) => (s ? [{ ...s, parents: [], generation }] : []));

/** Scores the seeds in chunks on every thread; the first population and best molecules. */
async function start(o: DesignOptions, pool: DesignPool, input: DesignJobInput, signal: AbortSignal) {
  const seeds = await seedMolecules(o, { modelsDir: input.modelsDir, signal });
  const chunks = [];
  for (let i = 0; i < seeds.length; i += 500) chunks.push(seeds.slice(i, i + 500));
  const scored = (await Promise.all(chunks.map((c) => pool.score(c, { signal })))).flat();
  const candidates = nextPopulation([], asCandidates(scored, 0), Infinity);
  return { candidates, seedsScored: seeds.length };
}

/**
 * Designs molecules with GuacaMol's Graph GA on every core: seeds scored, then generation after
 * generation parents drawn by score, children made by Jensen's crossovers and mutations and scored
 * against the objective, the population the best of all, until the budget of scored molecules is spent.
 * Each generation is written before its checkpoint, so a killed run resumes from its last generation and
 * makes the same molecules it would have made.
 */
export default defineJob<DesignJobInput, DesignState, DesignJobResult>({
  async run(ctx) {
    const o = designOptions(ctx.input.options);
    mkdirSync(ctx.resultsDir, { recursive: true });
    const names = termNames(o.objective);
    const log = new ScoredLog(ctx.resultsDir);
    const pool = await createDesignPool(
      { objective: o.objective, modelsDir: ctx.input.modelsDir, mutationRate: o.mutationRate },
      ctx.input.workers ?? availableParallelism(),
    );
    try {
      let state: DesignState;
      let history: GenerationStats[];
      let seen: Set<string>;
      if (ctx.resume) {
        state = ctx.resume;
        history = readGenerations(ctx.resultsDir, state.generation);
        seen = log.read(state.logged);
      } else {
        const { candidates, seedsScored } = await start(o, pool, ctx.input, ctx.signal);
        seen = new Set(log.read(0));
        log.append(candidates.map((c) => c.smiles));
        for (const c of candidates) seen.add(c.smiles);
        state = {
          generation: 0,
          scored: 0,
          seedsScored,
          proposed: 0,
          invalid: 0,
          stale: 0,
          barren: 0,
          logged: candidates.length,
          population: candidates.slice(0, o.population),
          best: bestOf([], candidates, o.keep),
        };
        history = [];
        writeGenerations(ctx.resultsDir, history);
        await ctx.saveCheckpoint(state, { done: 0, total: o.budget });
      }
      ctx.progress(state.scored, o.budget);
      let stopped: DesignStop = 'budget';
      while (state.scored < o.budget) {
        throwIfAborted(ctx.signal);
        if (!state.population.length || state.barren >= BARREN_LIMIT) {
          stopped = 'no new molecules';
          break;
        }
        if (o.patience !== undefined && state.stale >= o.patience) {
          stopped = 'patience';
          break;
        }
        const generation = state.generation + 1;
        const pairs = parentPairs(state.population, o.offspring, o.seed, generation);
        const results = await Promise.all(
          chunksOf(pairs, o.seed, generation).map((c) => pool.breed(c, { signal: ctx.signal })),
        );
        const novel: Candidate[] = [];
        for (const r of results) {
          state.proposed += r.proposed;
          state.invalid += r.invalid;
          for (const child of r.children) {
            if (!child || seen.has(child.smiles) || state.scored + novel.length >= o.budget) continue;
            seen.add(child.smiles);
            novel.push({ ...child, generation });
          }
        }
        const population = nextPopulation(state.population, novel, o.population);
        const unchanged =
          population.length === state.population.length &&
          population.every((c, i) => c.smiles === state.population[i]!.smiles);
        state = {
          ...state,
          generation,
          scored: state.scored + novel.length,
          stale: unchanged ? state.stale + 1 : 0,
          barren: novel.length ? 0 : state.barren + 1,
          logged: state.logged + novel.length,
          population,
          best: bestOf(state.best, novel, o.keep),
        };
        const scores = population.map((c) => c.score);
        history.push({
          generation,
          best: scores[0] ?? 0,
          mean: scores.reduce((a, b) => a + b, 0) / (scores.length || 1),
          scored: state.scored,
          novel: novel.length,
        });
        // Written before the checkpoint: a resumed run reads back exactly what its checkpoint covers.
        log.append(novel.map((c) => c.smiles));
        writeGenerations(ctx.resultsDir, history);
        await ctx.saveCheckpoint(state, { done: state.scored, total: o.budget });
      }
      const outDir = ctx.input.outputDir ?? ctx.resultsDir;
      mkdirSync(outDir, { recursive: true });
      const output = writeBest(outDir, names, state.best);
      const top = state.best[0];
      return {
        output,
        columns: ['rank', 'smiles', 'score', ...names, 'parents', 'generation'],
        generations: state.generation,
        scored: state.scored,
        seedsScored: state.seedsScored,
        proposed: state.proposed,
        invalid: state.invalid,
        best: top ? { smiles: top.smiles, score: top.score } : null,
        stopped,
        rdkit: pool.rdkitVersion,
      };
    } finally {
      await pool.close();
    }
  },
});
