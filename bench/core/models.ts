import { GraphBuilder, tensor } from '@strata/core';
import { randomWeights } from '@strata/core/testing';

/** The MLP of the benchmark: x[batch, 2048] -> Gemm(1024) -> Relu -> Gemm(1) -> y[batch, 1]. */
export function benchMlp(): Uint8Array {
  const g = new GraphBuilder('bench-mlp');
  const x = g.input('x', 'float32', ['batch', 2048]);
  const w1 = g.initializer('w1', tensor('float32', randomWeights(2048 * 1024, 11, 0.03), [2048, 1024]));
  const b1 = g.initializer('b1', tensor('float32', randomWeights(1024, 12, 0.1), [1024]));
  const w2 = g.initializer('w2', tensor('float32', randomWeights(1024, 13, 0.03), [1024, 1]));
  const b2 = g.initializer('b2', tensor('float32', [0.5], [1]));
  const h = g.node('Relu', [g.node('Gemm', [x, w1, b1])]);
  g.output(g.node('Gemm', [h, w2, b2], {}, 'y'), 'float32', ['batch', 1]);
  return g.toModel().model;
}

/** The conv net of the benchmark: x[batch, 4, 128, 256] -> Conv(16, 3x3) -> Relu -> Conv(4, 3x3) -> y. */
export function benchConvNet(): Uint8Array {
  const g = new GraphBuilder('bench-conv');
  const x = g.input('x', 'float32', ['batch', 4, 128, 256]);
  const w1 = g.initializer('w1', tensor('float32', randomWeights(16 * 4 * 9, 21, 0.2), [16, 4, 3, 3]));
  const b1 = g.initializer('b1', tensor('float32', randomWeights(16, 22, 0.1), [16]));
  const w2 = g.initializer('w2', tensor('float32', randomWeights(4 * 16 * 9, 23, 0.1), [4, 16, 3, 3]));
  const b2 = g.initializer('b2', tensor('float32', randomWeights(4, 24, 0.1), [4]));
  const conv = { kernel_shape: [3, 3], pads: [1, 1, 1, 1] };
  const h = g.node('Relu', [g.node('Conv', [x, w1, b1], conv)]);
  g.output(g.node('Conv', [h, w2, b2], conv, 'y'), 'float32', ['batch', 4, 128, 256]);
  return g.toModel().model;
}
