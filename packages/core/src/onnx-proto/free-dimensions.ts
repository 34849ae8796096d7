import { ProtoWriter, readFields, rewriteFields, withPayload, type ProtoField } from './protobuf.js';

const utf8 = new TextDecoder();

/**
 * Fixes named dynamic axes of a model's inputs to the given sizes by rewriting the ONNX bytes
 * (`dim_param: "batch"` becomes `dim_value: 1`). This is what ONNX Runtime's `freeDimensionOverrides`
 * does natively; the Node.js binding silently ignores that option, so Strata does it itself.
 * Returns the rewritten model and the axis names that were found.
 */
export function overrideFreeDimensions(
  model: Uint8Array,
  overrides: Readonly<Record<string, number>>,
): { model: Uint8Array; applied: Set<string> } {
  const applied = new Set<string>();
  // ModelProto.graph(7) > GraphProto.input(11) > ValueInfoProto.type(2) > TypeProto.tensor_type(1)
  //   > Tensor.shape(2) > TensorShapeProto.dim(1) > Dimension.dim_param(2)
  const nested = (f: ProtoField, field: number, inner: (payload: Uint8Array) => Uint8Array) =>
    f.field === field && f.wire === 2 ? withPayload(f, inner(f.value as Uint8Array)) : undefined;
  const dim = (d: Uint8Array) =>
    rewriteFields(d, (f) => {
      if (f.field !== 2 || f.wire !== 2) return undefined;
      const name = utf8.decode(f.value as Uint8Array);
      const size = overrides[name];
      if (size === undefined) return undefined;
      applied.add(name);
      return new ProtoWriter().varint(1, size).finish();
    });
  const shape = (s: Uint8Array) => rewriteFields(s, (f) => nested(f, 1, dim));
  const tensorType = (t: Uint8Array) => rewriteFields(t, (f) => nested(f, 2, shape));
  const type = (t: Uint8Array) => rewriteFields(t, (f) => nested(f, 1, tensorType));
  const valueInfo = (v: Uint8Array) => rewriteFields(v, (f) => nested(f, 2, type));
  const graph = (g: Uint8Array) => rewriteFields(g, (f) => nested(f, 11, valueInfo));
  return { model: rewriteFields(model, (f) => nested(f, 7, graph)), applied };
}

/** True when any initializer of the model keeps its data in an external file. */
export function hasExternalData(model: Uint8Array): boolean {
  const graph = readFields(model).find((f) => f.field === 7 && f.wire === 2);
  if (!graph) return false;
  return readFields(graph.value as Uint8Array).some(
    (f) =>
      f.field === 5 &&
      f.wire === 2 &&
      readFields(f.value as Uint8Array).some((t) => t.field === 14 && t.wire === 0 && t.value === 1n),
  );
}
