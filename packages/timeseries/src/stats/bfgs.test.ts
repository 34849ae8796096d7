import { describe, expect, it } from 'vitest';
import { bfgs, numericHessian } from './bfgs.js';

const rosenbrock = (x: Float64Array) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;

describe('BFGS as R optim(method = "BFGS") with numerical gradients', () => {
  it("stops where R's optim stops on Rosenbrock's function from (-1.2, 1)", () => {
    // R 4.2: optim(c(-1.2, 1), fr, method = "BFGS") gives par 0.999804433231 0.999608380623, value 3.82738275611e-08.
    const r = bfgs(rosenbrock, [-1.2, 1]);
    expect(r.x[0]).toBeCloseTo(0.999804433231, 9);
    expect(r.x[1]).toBeCloseTo(0.999608380623, 9);
    expect(r.value).toBeCloseTo(3.82738275611e-8, 15);
    expect(r.code).toBe(0);
  });

  it("gives R's optimHess at (1.1, 1.2)", () => {
    const h = numericHessian(rosenbrock, [1.1, 1.2]);
    expect(h[0]![0]).toBeCloseTo(974.0008, 6);
    expect(h[0]![1]).toBeCloseTo(-440, 6);
    expect(h[1]![0]).toBeCloseTo(-440, 6);
    expect(h[1]![1]).toBeCloseTo(200, 6);
  });
});
