import { GraphBuilder, floatAttr, type BuiltModel } from '../onnx-proto/graph-builder.js';
import { tensor } from '../tensor.js';
import { randomWeights } from './reference-ops.js';

/** Sizes and weights of the MLP fixture: x[batch, 4] -> Gemm(8) -> Relu -> Gemm(2) -> y[batch, 2]. */
export const MLP = {
  inputs: 4,
  hidden: 8,
  outputs: 2,
  w1: randomWeights(4 * 8, 1),
  b1: randomWeights(8, 2, 0.1),
  w2: randomWeights(8 * 2, 3),
  b2: randomWeights(2, 4, 0.1),
} as const;

/** Builds the MLP fixture; `externalData` moves its weights to a side file. */
export function mlpModel(options: { externalData?: string } = {}): BuiltModel {
  const g = new GraphBuilder('mlp');
  const x = g.input('x', 'float32', ['batch', MLP.inputs]);
  const w1 = g.initializer('w1', tensor('float32', MLP.w1, [MLP.inputs, MLP.hidden]));
  const b1 = g.initializer('b1', tensor('float32', MLP.b1, [MLP.hidden]));
  const w2 = g.initializer('w2', tensor('float32', MLP.w2, [MLP.hidden, MLP.outputs]));
  const b2 = g.initializer('b2', tensor('float32', MLP.b2, [MLP.outputs]));
  const h = g.node('Relu', [g.node('Gemm', [x, w1, b1], { alpha: floatAttr(1), beta: floatAttr(1) })]);
  g.output(g.node('Gemm', [h, w2, b2], {}, 'y'), 'float32', ['batch', MLP.outputs]);
  return g.toModel(options.externalData ? { externalData: { location: options.externalData } } : {});
}

/** Sizes and weights of the conv fixture: x[1, 2, 5, 5] -> Conv(3, 3x3, pad 1) -> Relu -> y[1, 3, 5, 5]. */
export const CONV = {
  shape: { n: 1, c: 2, h: 5, w: 5, out: 3, k: 3, pad: 1 },
  w: randomWeights(3 * 2 * 3 * 3, 5),
  b: randomWeights(3, 6, 0.1),
} as const;

/** Builds the conv fixture. */
export function convModel(): BuiltModel {
  const { c, h, w, out, k, pad } = CONV.shape;
  const g = new GraphBuilder('conv');
  const x = g.input('x', 'float32', [1, c, h, w]);
  const wt = g.initializer('w', tensor('float32', CONV.w, [out, c, k, k]));
  const b = g.initializer('b', tensor('float32', CONV.b, [out]));
  const y = g.node('Conv', [x, wt, b], { kernel_shape: [k, k], pads: [pad, pad, pad, pad] });
  g.output(g.node('Relu', [y], {}, 'y'), 'float32', [1, out, h, w]);
  return g.toModel();
}

/** One input and output per dtype: float16 and float64 doubled, int32/int64 plus one, bool negated, uint8 and string passed through. */
export function dtypesModel(): BuiltModel {
  const g = new GraphBuilder('dtypes');
  const two16 = g.initializer('two16', tensor('float16', [2], []));
  const two64 = g.initializer('two64', tensor('float64', [2], []));
  const one32 = g.initializer('one32', tensor('int32', [1], []));
  const one64 = g.initializer('one64', tensor('int64', [1n], []));
  g.output(g.node('Mul', [g.input('f16', 'float16', ['n']), two16], {}, 'f16_out'), 'float16', ['n']);
  g.output(g.node('Mul', [g.input('f64', 'float64', ['n']), two64], {}, 'f64_out'), 'float64', ['n']);
  g.output(g.node('Add', [g.input('i32', 'int32', ['n']), one32], {}, 'i32_out'), 'int32', ['n']);
  g.output(g.node('Add', [g.input('i64', 'int64', ['n']), one64], {}, 'i64_out'), 'int64', ['n']);
  g.output(g.node('Not', [g.input('b', 'bool', ['n'])], {}, 'b_out'), 'bool', ['n']);
  g.output(g.node('Identity', [g.input('u8', 'uint8', ['n'])], {}, 'u8_out'), 'uint8', ['n']);
  g.output(g.node('Identity', [g.input('s', 'string', ['n'])], {}, 's_out'), 'string', ['n']);
  return g.toModel();
}

/** The committed fixture files and how each is made. */
export const FIXTURES: Readonly<Record<string, () => BuiltModel>> = {
  'mlp.onnx': () => mlpModel(),
  'conv.onnx': () => convModel(),
  'dtypes.onnx': () => dtypesModel(),
};
