import { describe, expect, it } from 'vitest';
import { insideUnitCircle, maxRootModulus } from '../../stats/polynomial.js';
import { admissible } from './ets-bounds.js';

/** Coefficients, increasing order, of the monic polynomial with the given real roots and pairs re ± i·im. */
function fromRoots(real: number[], pairs: [number, number][] = []): number[] {
  let c = [1];
  const times = (f: number[]) => {
    const out = new Array<number>(c.length + f.length - 1).fill(0);
    c.forEach((a, i) => f.forEach((b, j) => (out[i + j]! += a * b)));
    c = out;
  };
  for (const r of real) times([-r, 1]);
  for (const [re, im] of pairs) times([re * re + im * im, -2 * re, 1]);
  return c;
}

describe('polynomial roots for the admissible region', () => {
  it('finds the largest root modulus of polynomials with known roots', () => {
    expect(maxRootModulus(fromRoots([0.5, -0.9], [[0, 1.1]]))).toBeCloseTo(1.1, 10);
    expect(
      maxRootModulus(
        fromRoots(
          [0.2, 0.3, -0.4],
          [
            [0.6, 0.7],
            [-0.95, 0.1],
          ],
        ),
      ),
    ).toBeCloseTo(Math.hypot(0.95, 0.1), 10);
    expect(maxRootModulus(fromRoots([], [[0.99, 0.01]]))).toBeCloseTo(Math.hypot(0.99, 0.01), 10);
  });

  it('the Schur–Cohn test agrees with the roots on 2,000 random polynomials of degree 2 to 25', () => {
    let seed = 11;
    const uniform = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    let disagreements = 0;
    for (let k = 0; k < 2000; k++) {
      const d = 2 + (k % 24);
      const c = [...Array.from({ length: d }, () => uniform() * 0.6), 1];
      const modulus = maxRootModulus(c);
      if (Math.abs(modulus - 1) < 1e-6) continue;
      if (insideUnitCircle(c) !== modulus < 1) disagreements++;
    }
    expect(disagreements).toBe(0);
  });

  it('admits the usual seasonal parameters and rejects a γ beyond 1 + 1/φ − α', () => {
    const spec = { error: 'A', trend: 'A', damped: true, season: 'A' } as const;
    expect(admissible(spec, { alpha: 0.3, beta: 0.05, gamma: 0.1, phi: 0.95 }, 12)).toBe(true);
    expect(admissible(spec, { alpha: 0.3, beta: 0.05, gamma: 1.8, phi: 0.95 }, 12)).toBe(false);
    // Inside the closed-form limits yet with a root outside the unit circle.
    expect(admissible(spec, { alpha: 1.5, beta: 1.2, gamma: 0.3, phi: 0.99 }, 4)).toBe(false);
  });
});
