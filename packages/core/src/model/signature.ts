import type { Dim, TensorInfo } from '../backend.js';
import { ModelError } from '../errors.js';

const show = (dims: readonly Dim[]) => `[${dims.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;

/**
 * Checks that a manifest's declared inputs or outputs agree with the ONNX graph's: the same names, and
 * for each the same dtype, rank and fixed sizes. A manifest may name or fix an axis the graph leaves
 * dynamic; it may not contradict a size the graph fixes. Throws `MODEL_SIGNATURE_MISMATCH` naming the
 * model and the field (e.g. `inputs[0].dims[1]`).
 */
export function checkSignature(
  modelId: string,
  kind: 'inputs' | 'outputs',
  declared: readonly TensorInfo[],
  graph: readonly TensorInfo[],
): void {
  const fail = (field: string, expected: unknown, actual: unknown, message: string): never => {
    throw new ModelError(
      'MODEL_SIGNATURE_MISMATCH',
      `model "${modelId}": manifest field "${field}" ${message}`,
      {
        context: { modelId, field, expected, actual },
      },
    );
  };
  const graphNames = graph.map((g) => g.name);
  const declaredNames = declared.map((d) => d.name);
  for (const g of graph) {
    if (!declaredNames.includes(g.name)) {
      fail(
        kind,
        graphNames,
        declaredNames,
        `lacks "${g.name}", which the ONNX graph has (graph ${kind}: ${graphNames.join(', ')})`,
      );
    }
  }
  declared.forEach((d, i) => {
    const field = `${kind}[${i}]`;
    const g = graph.find((x) => x.name === d.name);
    if (!g)
      fail(
        `${field}.name`,
        graphNames,
        d.name,
        `is "${d.name}", which the ONNX graph does not have (graph ${kind}: ${graphNames.join(', ')})`,
      );
    else if (g.dtype !== d.dtype)
      fail(`${field}.dtype`, g.dtype, d.dtype, `is ${d.dtype} but the ONNX graph says ${g.dtype}`);
    else if (g.dims.length !== d.dims.length) {
      fail(
        `${field}.dims`,
        g.dims,
        d.dims,
        `has rank ${d.dims.length} ${show(d.dims)} but the ONNX graph has rank ${g.dims.length} ${show(g.dims)}`,
      );
    } else {
      g.dims.forEach((gd, axis) => {
        const dd = d.dims[axis];
        if (typeof gd === 'number' && dd !== gd) {
          fail(`${field}.dims[${axis}]`, gd, dd, `is ${dd} but the ONNX graph fixes it at ${gd}`);
        }
      });
    }
  });
}
