import * as ort from 'onnxruntime-node';
import type { Dim, TensorInfo } from '../backend.js';
import { decodeFloat16, encodeFloat16 } from '../float16.js';
import { DTYPES, type AnyTensor, type DType, type TensorMap } from '../tensor.js';

/** Converts a Strata tensor to an ONNX Runtime tensor (float16 values become half-precision bits). */
export function toOrtTensor(t: AnyTensor): ort.Tensor {
  const dims = t.dims as number[];
  if (t.dtype === 'float16') return new ort.Tensor('float16', encodeFloat16(t.data), dims);
  return new ort.Tensor(t.dtype, t.data, dims);
}

/** Converts an ONNX Runtime tensor to a Strata tensor. Returns undefined for dtypes Strata lacks. */
export function fromOrtTensor(t: ort.Tensor): AnyTensor | undefined {
  const dims = [...t.dims];
  switch (t.type) {
    case 'float16':
      return { dtype: 'float16', dims, data: decodeFloat16(t.data as Uint16Array) };
    case 'float32':
    case 'float64':
    case 'int32':
    case 'int64':
    case 'uint8':
    case 'bool':
    case 'string':
      return { dtype: t.type, dims, data: t.data } as AnyTensor;
    default:
      return undefined;
  }
}

/** Converts named Strata tensors to ONNX Runtime feeds. */
export function toOrtFeeds(feeds: TensorMap): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) out[name] = toOrtTensor(t);
  return out;
}

/** Reads input or output metadata off a session. Non-tensor values and unknown dtypes are reported. */
export function infosOf(meta: readonly ort.InferenceSession.ValueMetadata[]): {
  infos: TensorInfo[];
  unsupported: string[];
} {
  const infos: TensorInfo[] = [];
  const unsupported: string[] = [];
  for (const m of meta) {
    if (!m.isTensor || !DTYPES.includes(m.type as DType)) {
      unsupported.push(`${m.name} (${m.isTensor ? m.type : 'not a tensor'})`);
      continue;
    }
    const dims: Dim[] = m.shape.map((d) =>
      typeof d === 'number' ? (d >= 0 ? d : null) : d === '' ? null : d,
    );
    infos.push({ name: m.name, dtype: m.type as DType, dims });
  }
  return { infos, unsupported };
}
