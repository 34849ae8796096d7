import { InvalidArgumentError } from '@strata/core';
import { latitudeWeights } from './weights.js';

/** One forecast field against its verifying field (and a climatology, for ACC), on one grid. */
export interface FieldPair {
  readonly forecast: ArrayLike<number>;
  readonly truth: ArrayLike<number>;
  /** The climatological field for the valid time, for the anomaly correlation. */
  readonly climatology?: ArrayLike<number>;
  /** Latitudes of the grid's rows (the row weights come from them). */
  readonly latitude: ArrayLike<number>;
}

/** Scores of one field pair. */
export interface FieldScores {
  /** Latitude-weighted mean squared error. */
  readonly mse: number;
  /** Latitude-weighted mean error, forecast minus truth. */
  readonly bias: number;
  /** Latitude-weighted, uncentred anomaly correlation; null without a climatology. */
  readonly acc: number | null;
  /** Points scored (NaN in any input leaves a point out). */
  readonly points: number;
}

/**
 * WeatherBench 2's headline scores of one field pair, weighted by cell area: MSE, bias and the anomaly
 * correlation coefficient `Σw f'o' / sqrt(Σw f'² Σw o'²)` with anomalies against the climatology.
 * Aggregate over initial times with {@link Scorecard} (RMSE is the root of the mean MSE, as WB2 does).
 */
export function scoreField(pair: FieldPair): FieldScores {
  const { forecast: f, truth: o, climatology: c, latitude } = pair;
  const n = f.length;
  const rows = latitude.length;
  if (o.length !== n || (c && c.length !== n) || n % rows !== 0) {
    throw new InvalidArgumentError(
      'pair',
      `forecast (${n}), truth (${o.length})${c ? `, climatology (${c.length})` : ''} and ${rows} latitudes do not make one grid`,
    );
  }
  const cols = n / rows;
  const w = latitudeWeights(latitude);
  let sw = 0;
  let se = 0;
  let sd = 0;
  let sfo = 0;
  let sff = 0;
  let soo = 0;
  let points = 0;
  for (let r = 0; r < rows; r++) {
    const wr = w[r]!;
    for (let j = r * cols; j < (r + 1) * cols; j++) {
      const fj = f[j]!;
      const oj = o[j]!;
      const cj = c ? c[j]! : 0;
      if (Number.isNaN(fj) || Number.isNaN(oj) || Number.isNaN(cj)) continue;
      const d = fj - oj;
      sw += wr;
      se += wr * d * d;
      sd += wr * d;
      if (c) {
        const fa = fj - cj;
        const oa = oj - cj;
        sfo += wr * fa * oa;
        sff += wr * fa * fa;
        soo += wr * oa * oa;
      }
      points++;
    }
  }
  return { mse: se / sw, bias: sd / sw, acc: c ? sfo / Math.sqrt(sff * soo) : null, points };
}

/** Scores aggregated per variable, level and lead over many initial times. */
export interface ScoreRow {
  readonly variable: string;
  readonly level: number | null;
  readonly lead: number;
  readonly cases: number;
  readonly rmse: number;
  readonly bias: number;
  readonly acc: number | null;
}

/**
 * Accumulates field scores by variable, level and lead time: RMSE as the root of the mean MSE over
 * initial times, bias and ACC as means (WeatherBench 2's aggregation).
 *
 * @example
 * ```ts
 * const card = new Scorecard();
 * card.add({ variable: 'z', level: 500, lead: 24 }, scoreField({ forecast, truth, climatology, latitude }));
 * console.table(card.rows());
 * ```
 */
export class Scorecard {
  private readonly sums = new Map<
    string,
    {
      key: { variable: string; level: number | null; lead: number };
      n: number;
      mse: number;
      bias: number;
      acc: number;
      accN: number;
    }
  >();

  /** Adds one case. */
  add(key: { variable: string; level?: number | null; lead: number }, s: FieldScores): void {
    const k = { variable: key.variable, level: key.level ?? null, lead: key.lead };
    const id = `${k.variable}|${k.level}|${k.lead}`;
    let e = this.sums.get(id);
    if (!e) this.sums.set(id, (e = { key: k, n: 0, mse: 0, bias: 0, acc: 0, accN: 0 }));
    e.n++;
    e.mse += s.mse;
    e.bias += s.bias;
    if (s.acc !== null) {
      e.acc += s.acc;
      e.accN++;
    }
  }

  /** One row per variable, level and lead, sorted. */
  rows(): ScoreRow[] {
    return [...this.sums.values()]
      .map((e) => ({
        ...e.key,
        cases: e.n,
        rmse: Math.sqrt(e.mse / e.n),
        bias: e.bias / e.n,
        acc: e.accN ? e.acc / e.accN : null,
      }))
      .sort(
        (a, b) =>
          a.variable.localeCompare(b.variable) || (a.level ?? -1) - (b.level ?? -1) || a.lead - b.lead,
      );
  }
}
