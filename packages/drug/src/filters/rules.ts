import type { DescriptorName, Descriptors } from '../descriptors/descriptors.js';

/** One bound on one descriptor. */
export interface PropertyRule {
  readonly descriptor: DescriptorName;
  readonly min?: number;
  readonly max?: number;
}

/** A named set of property rules, passed when at most `maxViolations` of them fail. */
export interface RuleSet {
  readonly name: string;
  readonly rules: readonly PropertyRule[];
  /** @defaultValue `0` */
  readonly maxViolations?: number;
}

/** What a rule set said about one molecule. */
export interface RuleResult {
  readonly name: string;
  readonly pass: boolean;
  /** Each failed rule, e.g. `amw 512.6 > 500`. */
  readonly failed: readonly string[];
}

/**
 * Drug-likeness rule sets as data, on RDKit's descriptor names.
 * - Lipinski (2001): MW ≤ 500, logP ≤ 5, NH+OH ≤ 5, N+O ≤ 10; one violation allowed.
 * - Veber (2002): rotatable bonds ≤ 10, TPSA ≤ 140.
 * - Ghose (1999): logP −0.4 to 5.6, MW 160 to 480, molar refractivity 40 to 130, 20 to 70 atoms.
 * - Egan (2000): logP ≤ 5.88, TPSA ≤ 131.6.
 */
export const RULE_SETS = {
  lipinski: {
    name: 'lipinski',
    maxViolations: 1,
    rules: [
      { descriptor: 'amw', max: 500 },
      { descriptor: 'CrippenClogP', max: 5 },
      { descriptor: 'lipinskiHBD', max: 5 },
      { descriptor: 'lipinskiHBA', max: 10 },
    ],
  },
  veber: {
    name: 'veber',
    rules: [
      { descriptor: 'NumRotatableBonds', max: 10 },
      { descriptor: 'tpsa', max: 140 },
    ],
  },
  ghose: {
    name: 'ghose',
    rules: [
      { descriptor: 'CrippenClogP', min: -0.4, max: 5.6 },
      { descriptor: 'amw', min: 160, max: 480 },
      { descriptor: 'CrippenMR', min: 40, max: 130 },
      { descriptor: 'NumAtoms', min: 20, max: 70 },
    ],
  },
  egan: {
    name: 'egan',
    rules: [
      { descriptor: 'CrippenClogP', max: 5.88 },
      { descriptor: 'tpsa', max: 131.6 },
    ],
  },
} as const satisfies Record<string, RuleSet>;

const fmt = (x: number) => String(Math.round(x * 1000) / 1000);

/**
 * Applies a rule set to a molecule's descriptors: whether it passes and which rules failed.
 *
 * @example
 * ```ts
 * applyRules(RULE_SETS.lipinski, descriptors); // { name: 'lipinski', pass: true, failed: [] }
 * ```
 */
export function applyRules(set: RuleSet, descriptors: Descriptors): RuleResult {
  const failed: string[] = [];
  for (const r of set.rules) {
    const v = descriptors[r.descriptor];
    if (r.min !== undefined && v < r.min) failed.push(`${r.descriptor} ${fmt(v)} < ${r.min}`);
    else if (r.max !== undefined && v > r.max) failed.push(`${r.descriptor} ${fmt(v)} > ${r.max}`);
  }
  return { name: set.name, pass: failed.length <= (set.maxViolations ?? 0), failed };
}
