/**
 * Naive reference implementations of a few ONNX operators, written from the ONNX operator specs. They
 * compute the golden outputs of the fixture models independently of ONNX Runtime.
 */
import { mulberry32 } from '../random.js';

/** A deterministic pseudo-random generator (mulberry32), for reproducible weights. */
export function seededRandom(seed: number): () => number {
  return mulberry32(seed);
}

/** `n` values uniform in [-scale, scale), rounded to float32. */
export function randomWeights(n: number, seed: number, scale = 1): Float32Array {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
}

/** Gemm with alpha = beta = 1, no transposes: `a[m,k] @ b[k,n] + c[n]`. */
export function gemm(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  c: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = c[j]!;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      out[i * n + j] = s;
    }
  }
  return out;
}

/** Elementwise max(0, x). */
export function relu(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v) => Math.max(0, v));
}

/** Conv2d, NCHW, stride 1, symmetric zero padding `pad`, with bias. */
export function conv2d(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  bias: ArrayLike<number>,
  shape: { n: number; c: number; h: number; w: number; out: number; k: number; pad: number },
): Float64Array {
  const { n, c, h, w: width, out, k, pad } = shape;
  const oh = h + 2 * pad - k + 1;
  const ow = width + 2 * pad - k + 1;
  const y = new Float64Array(n * out * oh * ow);
  for (let b = 0; b < n; b++)
    for (let o = 0; o < out; o++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let s = bias[o]!;
          for (let ch = 0; ch < c; ch++)
            for (let di = 0; di < k; di++)
              for (let dj = 0; dj < k; dj++) {
                const yi = i + di - pad;
                const xj = j + dj - pad;
                if (yi < 0 || yi >= h || xj < 0 || xj >= width) continue;
                s += x[((b * c + ch) * h + yi) * width + xj]! * w[((o * c + ch) * k + di) * k + dj]!;
              }
          y[((b * out + o) * oh + i) * ow + j] = s;
        }
  return y;
}
