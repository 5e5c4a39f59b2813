/**
 * Reading a trained tfjs-layers layer for an ONNX exporter: its weights by name with their
 * shapes checked, the settings it must have for the ONNX graph to compute the same thing, and a
 * Dense layer as ONNX nodes.
 * Every problem is raised through the exporter's own `fail`, so its error names the layer and
 * carries the exporter's error class.
 */
import type { LayersModel, LayerVariable } from '@tensorflow/tfjs-layers';
import { floatTensor, node, type onnx } from './builder.js';

export type LayerLike = LayersModel['layers'][number];

/** Builds the exporter's error from a message. */
export type ExportFailure = (message: string) => Error;

export interface WeightValue {
  shape: number[];
  values: Float32Array;
}

/** The layer's weights keyed by their own name (`kernel`, `recurrent_kernel`, `bias`), read synchronously. */
export function weightsByName(layer: LayerLike, fail: ExportFailure): Map<string, WeightValue> {
  const byName = new Map<string, WeightValue>();
  for (const w of layer.weights as LayerVariable[]) {
    const key = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
    const tensor = w.read();
    if (tensor.dtype !== 'float32') throw fail(`layer ${layer.name}: weight ${w.originalName} is ${tensor.dtype}, expected float32`);
    byName.set(key, { shape: [...w.shape] as number[], values: tensor.dataSync() as Float32Array });
  }
  return byName;
}

/** The weight `key` of the layer, which must have `shape`. */
export function requireWeight(layer: LayerLike, weights: Map<string, WeightValue>, key: string, shape: number[], fail: ExportFailure): Float32Array {
  const w = weights.get(key);
  if (!w) throw fail(`layer ${layer.name}: no weight named ${key} (has ${[...weights.keys()].join(', ') || 'none'})`);
  if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
    throw fail(`layer ${layer.name}: weight ${key} has shape [${w.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
  return w.values;
}

/** Throws unless the layer's config has `expected` at `key`. */
export function expectConfig(layer: LayerLike, config: Record<string, unknown>, key: string, expected: unknown, fail: ExportFailure): void {
  if (config[key] !== expected) {
    throw fail(`layer ${layer.name}: ${key} is ${JSON.stringify(config[key])}, the ONNX export supports only ${JSON.stringify(expected)}`);
  }
}

/** tfjs Dense activations and the ONNX op each becomes (null: none). */
export const DENSE_ACTIVATIONS: Record<string, string | null> = { linear: null, relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh' };

export interface DenseExport {
  nodes: onnx.INodeProto[];
  initializers: onnx.ITensorProto[];
  /** The value holding the layer's output. */
  output: string;
  units: number;
}

/**
 * A tfjs Dense layer as ONNX nodes: Gemm on a [batch, width] input, or MatMul and Add on a
 * [batch, steps, width] one (tfjs applies Dense to the last axis), then its activation. Values
 * and nodes are named after `prefix`; the last node writes `output` when given.
 */
export function denseToOnnx(
  layer: LayerLike,
  options: { input: string; width: number; prefix: string; output?: string; perStep?: boolean },
  fail: ExportFailure,
): DenseExport {
  const { input, width, prefix: p } = options;
  const config = layer.getConfig() as Record<string, unknown>;
  const activation = String(config.activation);
  if (!(activation in DENSE_ACTIVATIONS)) {
    throw fail(`layer ${layer.name}: activation ${activation} is not supported; use one of ${Object.keys(DENSE_ACTIVATIONS).join(', ')}`);
  }
  const opType = DENSE_ACTIVATIONS[activation];
  const units = config.units as number;
  const weights = weightsByName(layer, fail);
  const nodes: onnx.INodeProto[] = [];
  // tfjs Dense kernels are [in, out], which is Gemm's B with transB = 0 and MatMul's right side.
  const initializers = [floatTensor(`${p}_W`, [width, units], requireWeight(layer, weights, 'kernel', [width, units], fail))];
  const bias = config.useBias ? `${p}_B` : null;
  if (bias) initializers.push(floatTensor(bias, [units], requireWeight(layer, weights, 'bias', [units], fail)));
  const linear = !opType && options.output ? options.output : `${p}_linear`;
  if (options.perStep) {
    const product = bias ? `${p}_product` : linear;
    nodes.push(node('MatMul', [input, `${p}_W`], [product], { name: `${p}_matmul` }));
    if (bias) nodes.push(node('Add', [product, bias], [linear], { name: `${p}_bias` }));
  } else {
    nodes.push(node('Gemm', bias ? [input, `${p}_W`, bias] : [input, `${p}_W`], [linear], { name: `${p}_gemm` }));
  }
  if (!opType) return { nodes, initializers, output: linear, units };
  const output = options.output ?? `${p}_out`;
  nodes.push(node(opType, [linear], [output], { name: `${p}_${opType.toLowerCase()}` }));
  return { nodes, initializers, output, units };
}
