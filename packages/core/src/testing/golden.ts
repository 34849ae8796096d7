import { CONV, MLP } from './fixture-models.js';
import { conv2d, gemm, randomWeights, relu } from './reference-ops.js';

/** A stored tensor of a golden case. */
export interface GoldenTensor {
  readonly dims: number[];
  readonly data: number[];
}

/** Inputs of a fixture model and the outputs the reference operators give for them. */
export interface GoldenCase {
  readonly inputs: Record<string, GoldenTensor>;
  readonly outputs: Record<string, GoldenTensor>;
}

const f32 = (a: ArrayLike<number>) => Array.from(Float32Array.from(a));

/** Golden cases of the float fixture models, computed with the reference operators (not ONNX Runtime). */
export function goldenCases(): Record<string, GoldenCase> {
  const batch = 3;
  const x = f32(randomWeights(batch * MLP.inputs, 100, 2));
  const hidden = relu(gemm(x, MLP.w1, MLP.b1, batch, MLP.inputs, MLP.hidden));
  const y = gemm(hidden, MLP.w2, MLP.b2, batch, MLP.hidden, MLP.outputs);
  const { n, c, h, w, out } = CONV.shape;
  const cx = f32(randomWeights(n * c * h * w, 101));
  const cy = relu(conv2d(cx, CONV.w, CONV.b, CONV.shape));
  return {
    'mlp.onnx': {
      inputs: { x: { dims: [batch, MLP.inputs], data: x } },
      outputs: { y: { dims: [batch, MLP.outputs], data: f32(y) } },
    },
    'conv.onnx': {
      inputs: { x: { dims: [n, c, h, w], data: cx } },
      outputs: { y: { dims: [n, out, h, w], data: f32(cy) } },
    },
  };
}
