// Held-out metrics of the drug property models through the serving path: features by @strata/drug,
// predictions by the core ONNX runner.
import { PropertyModel, type PropertyModelSpec } from '@strata/drug';
import type { ModelSession } from '@strata/core';
import type { DataSet } from './data.js';

/** Rows of a split, as feature vectors. */
function rowsOf(d: DataSet, split: DataSet['split'][number]): number[] {
  return d.split.flatMap((s, i) => (s === split ? [i] : []));
}

/** Predictions for the rows of a split, one array of task values each. */
export async function predictSplit(
  id: string,
  spec: PropertyModelSpec,
  session: ModelSession,
  d: DataSet,
  split: DataSet['split'][number],
): Promise<{ rows: number[]; predictions: Float32Array[] }> {
  const width = d.features.length / d.ids.length;
  const rows = rowsOf(d, split);
  const model = new PropertyModel(id, spec, session);
  const predictions = await model.predict(rows.map((r) => d.features.subarray(r * width, (r + 1) * width)));
  return { rows, predictions };
}

export function rmse(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += (pred[i]! - truth[i]!) ** 2;
  return Math.sqrt(s / pred.length);
}

/** ROC-AUC by the rank-sum (Mann-Whitney) formula, ties shared. */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if (order[k]![1] === 1) [rankSum, positives] = [rankSum + rank, positives + 1];
    i = j;
  }
  const negatives = order.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean ROC-AUC over tasks, each on its labelled rows. */
export function meanAuc(predictions: Float32Array[], rows: number[], d: DataSet): number {
  const tasks = d.tasks.length;
  const aucs: number[] = [];
  for (let t = 0; t < tasks; t++) {
    const s: number[] = [];
    const l: number[] = [];
    rows.forEach((r, i) => {
      const y = d.labels[r * tasks + t]!;
      if (!Number.isNaN(y)) [s[s.length], l[l.length]] = [predictions[i]![t]!, y];
    });
    if (l.includes(0) && l.includes(1)) aucs.push(rocAuc(s, l));
  }
  return aucs.reduce((a, b) => a + b, 0) / aucs.length;
}
