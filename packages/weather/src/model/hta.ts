import { InvalidArgumentError } from '@strata/core';

/**
 * Hierarchical temporal aggregation (Bi et al., 2023): the chain of model steps that reaches a lead
 * time, largest step first, as often as it fits, then the next: 56 h with 24/6/3/1 h models is
 * 24 + 24 + 6 + 1 + 1. Fewer models make longer chains; a lead no combination reaches is an error.
 *
 * @example
 * ```ts
 * stepsTo(56, [24, 6, 3, 1]); // [24, 24, 6, 1, 1]
 * ```
 */
export function stepsTo(lead: number, available: readonly number[]): number[] {
  const steps = [...new Set(available)].sort((a, b) => b - a);
  if (!Number.isInteger(lead) || lead <= 0)
    throw new InvalidArgumentError(
      'lead',
      `a lead time must be a positive whole number of hours, got ${lead}`,
    );
  const chain: number[] = [];
  let rest = lead;
  for (const s of steps) {
    while (rest >= s) {
      chain.push(s);
      rest -= s;
    }
  }
  if (rest !== 0) {
    throw new InvalidArgumentError(
      'lead',
      `lead ${lead} h cannot be reached with ${steps.join(', ')} h models (${rest} h left over)`,
      {
        value: lead,
      },
    );
  }
  return chain;
}

/** One model run of a rollout: the state at `to` (a chain of steps) made from the state at `to` less its last step. */
export interface RolloutRun {
  readonly to: readonly number[];
  readonly stepHours: number;
  readonly lead: number;
}

/**
 * The model runs a rollout makes for the given leads, in order: each lead's chain continues from the
 * longest of its prefixes already computed or `loadable` (stored by an earlier attempt), so the 24 h
 * model continues from its own 24 h state and the 6 h model from the latest state, as Pangu-Weather's
 * own inference does.
 */
export function planRuns(
  leads: readonly number[],
  available: readonly number[],
  loadable: ReadonlySet<string> = new Set(),
): RolloutRun[] {
  const computed = new Set<string>();
  const runs: RolloutRun[] = [];
  for (const lead of [...leads].sort((a, b) => a - b)) {
    const chain = stepsTo(lead, available);
    let k = chain.length;
    while (k > 0 && !computed.has(chainKey(chain.slice(0, k))) && !loadable.has(chainKey(chain.slice(0, k))))
      k--;
    for (let i = k + 1; i <= chain.length; i++) {
      computed.add(chainKey(chain.slice(0, i)));
      runs.push({
        to: chain.slice(0, i),
        stepHours: chain[i - 1]!,
        lead: chain.slice(0, i).reduce((a, b) => a + b, 0),
      });
    }
  }
  return runs;
}

/** A chain's identity, e.g. `"24,24,6"`. */
export function chainKey(chain: readonly number[]): string {
  return chain.join(',');
}
