/**
 * Writes a trained tfjs engagement model (see architecture.ts) as ONNX for onnxruntime-node.
 *
 * Graph: history [batch, T, F] → Transpose to [T, batch, F] (ORT's CPU LSTM has no layout=1)
 * → LSTM … → LSTM (Y_h) → Squeeze → Gemm → activation … → engagement [batch, units].
 * Dropout only acts in training and is left out. The exporter reads layers by type and weights by
 * name and rejects anything the ONNX LSTM would not compute the same way, naming the layer.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  attr,
  floatTensor,
  graph,
  int64Tensor,
  model as onnxModel,
  node,
  serializeModel,
  tensorValueInfo,
  type onnx,
} from '../../onnx/builder.js';
import {
  denseToOnnx,
  expectConfig as expectLayerConfig, requireWeight as requireLayerWeight, weightsByName as layerWeights, type LayerLike, type WeightValue } from '../../onnx/tfjs-layers.js';
import { ENGAGEMENT_ONNX_INPUT, ENGAGEMENT_ONNX_OUTPUT } from '../metadata.js';

export interface EngagementOnnxMeta {
  docString?: string;
}

/** The tfjs model has a layer or setting this exporter cannot reproduce in ONNX. */
export class EngagementExportError extends Error {
  override readonly name = 'EngagementExportError';
  readonly code = 'UNSUPPORTED_MODEL';
}

const fail = (message: string) => new EngagementExportError(message);
const weightsByName = (layer: LayerLike) => layerWeights(layer, fail);
const requireWeight = (layer: LayerLike, weights: Map<string, WeightValue>, key: string, shape: number[]) => requireLayerWeight(layer, weights, key, shape, fail);
const expectConfig = (layer: LayerLike, config: Record<string, unknown>, key: string, expected: unknown) => expectLayerConfig(layer, config, key, expected, fail);

/**
 * ONNX gate block g (order i, o, f, c) comes from tfjs gate block TFJS_GATE_FOR_ONNX[g]
 * (tfjs order i, f, c, o).
 */
const TFJS_GATE_FOR_ONNX = [0, 3, 1, 2] as const;

/**
 * tfjs `[rows, 4H]` (gates along columns, i f c o) → ONNX `[4H, rows]` (gates along rows,
 * i o f c). `rows` is the input size for a kernel, H for a recurrent kernel.
 */
export function lstmMatrixToOnnx(matrix: Float32Array, rows: number, hidden: number): Float32Array {
  if (matrix.length !== rows * 4 * hidden) {
    throw new EngagementExportError(`LSTM matrix has ${matrix.length} values, expected ${rows} × ${4 * hidden}`);
  }
  const out = new Float32Array(matrix.length);
  const cols = 4 * hidden;
  TFJS_GATE_FOR_ONNX.forEach((src, g) => {
    for (let h = 0; h < hidden; h++) {
      const outRow = (g * hidden + h) * rows;
      const srcCol = src * hidden + h;
      for (let r = 0; r < rows; r++) out[outRow + r] = matrix[r * cols + srcCol] as number;
    }
  });
  return out;
}

/** tfjs bias `[4H]` (i f c o) → ONNX B `[8H]`: Wb reordered to i o f c, then Rb = 0. */
export function lstmBiasToOnnx(bias: Float32Array, hidden: number): Float32Array {
  if (bias.length !== 4 * hidden) {
    throw new EngagementExportError(`LSTM bias has ${bias.length} values, expected ${4 * hidden}`);
  }
  const out = new Float32Array(8 * hidden);
  TFJS_GATE_FOR_ONNX.forEach((src, g) => out.set(bias.subarray(src * hidden, (src + 1) * hidden), g * hidden));
  return out;
}

/**
 * Converts `model` (LSTM layers, then Dense layers; Dropout anywhere) to ONNX bytes with input
 * `history` float32 [batch, T, F] and output `engagement` float32 [batch, units]. Reads the
 * weights synchronously from the active tfjs backend; does not change the model.
 */
export function exportEngagementOnnx(model: LayersModel, meta: EngagementOnnxMeta = {}): Uint8Array {
  const inputShape = model.inputs[0]?.shape;
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || !inputShape || inputShape.length !== 3) {
    throw new EngagementExportError(
      `model must have one [batch, steps, features] input and one output, got ${model.inputs.length} input(s) of shape ${JSON.stringify(inputShape)} and ${model.outputs.length} output(s)`,
    );
  }
  const [, steps, features] = inputShape;
  if (typeof steps !== 'number' || typeof features !== 'number') {
    throw new EngagementExportError(`model input must have fixed steps and features, got ${JSON.stringify(inputShape)}`);
  }

  const lstms: LayerLike[] = [];
  const denses: LayerLike[] = [];
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind === 'InputLayer' || kind === 'Dropout') continue;
    if (kind === 'LSTM' && denses.length === 0) lstms.push(layer);
    else if (kind === 'Dense') denses.push(layer);
    else {
      throw new EngagementExportError(
        `layer ${layer.name} (${kind}) is not supported: expected LSTM layers, then Dense layers, with Dropout anywhere`,
      );
    }
  }
  if (lstms.length === 0 || denses.length === 0) {
    throw new EngagementExportError(`model needs at least one LSTM and one Dense layer, got ${lstms.length} and ${denses.length}`);
  }

  const nodes: onnx.INodeProto[] = [];
  const initializers: onnx.ITensorProto[] = [];
  // Squeeze takes its axes as an int64 input since opset 13; one shared initializer per axis, added
  // only when used (ORT warns about unused initializers).
  const axes = (axis: number): string => {
    const name = `axes_${axis}`;
    if (!initializers.some((t) => t.name === name)) initializers.push(int64Tensor(name, [1], [axis]));
    return name;
  };

  // [batch, T, F] → [T, batch, F]: ORT's CPU LSTM kernel rejects layout=1 (batch-major).
  nodes.push(node('Transpose', [ENGAGEMENT_ONNX_INPUT], ['history_tbf'], { attributes: { perm: attr.ints([1, 0, 2]) } }));
  let current = 'history_tbf';
  let width = features;

  lstms.forEach((layer, i) => {
    const last = i === lstms.length - 1;
    const config = layer.getConfig() as Record<string, unknown>;
    expectConfig(layer, config, 'activation', 'tanh');
    expectConfig(layer, config, 'recurrentActivation', 'sigmoid');
    expectConfig(layer, config, 'goBackwards', false);
    expectConfig(layer, config, 'stateful', false);
    expectConfig(layer, config, 'returnState', false);
    // Every LSTM but the last feeds its whole sequence to the next; the last yields its final state.
    expectConfig(layer, config, 'returnSequences', !last);
    const hidden = config.units as number;
    const weights = weightsByName(layer);
    const kernel = requireWeight(layer, weights, 'kernel', [width, 4 * hidden]);
    const recurrent = requireWeight(layer, weights, 'recurrent_kernel', [hidden, 4 * hidden]);
    const p = `lstm${i}`;
    initializers.push(floatTensor(`${p}_W`, [1, 4 * hidden, width], lstmMatrixToOnnx(kernel, width, hidden)));
    initializers.push(floatTensor(`${p}_R`, [1, 4 * hidden, hidden], lstmMatrixToOnnx(recurrent, hidden, hidden)));
    const inputs = [current, `${p}_W`, `${p}_R`];
    if (config.useBias) {
      const bias = requireWeight(layer, weights, 'bias', [4 * hidden]);
      initializers.push(floatTensor(`${p}_B`, [1, 8 * hidden], lstmBiasToOnnx(bias, hidden)));
      inputs.push(`${p}_B`);
    }
    const attributes = { hidden_size: attr.int(hidden) };
    if (last) {
      // Y_h [1, batch, H] → [batch, H].
      nodes.push(node('LSTM', inputs, ['', `${p}_Y_h`], { name: p, attributes }));
      nodes.push(node('Squeeze', [`${p}_Y_h`, axes(0)], [`${p}_out`]));
    } else {
      // Y [T, 1, batch, H] → [T, batch, H], the next LSTM's X.
      nodes.push(node('LSTM', inputs, [`${p}_Y`], { name: p, attributes }));
      nodes.push(node('Squeeze', [`${p}_Y`, axes(1)], [`${p}_out`]));
    }
    current = `${p}_out`;
    width = hidden;
  });

  denses.forEach((layer, j) => {
    const last = j === denses.length - 1;
    const dense = denseToOnnx(layer, { input: current, width, prefix: `dense${j}`, ...(last ? { output: ENGAGEMENT_ONNX_OUTPUT } : {}) }, fail);
    nodes.push(...dense.nodes);
    initializers.push(...dense.initializers);
    current = dense.output;
    width = dense.units;
  });

  const g = graph({
    name: model.name || 'engagement',
    nodes,
    initializers,
    inputs: [tensorValueInfo(ENGAGEMENT_ONNX_INPUT, ['batch', steps, features], undefined, 'per row: the channel\'s last posts, oldest first, then the candidate post')],
    outputs: [tensorValueInfo(ENGAGEMENT_ONNX_OUTPUT, ['batch', width])],
  });
  return serializeModel(
    onnxModel(g, {
      ...(meta.docString ? { docString: meta.docString } : {}),
      metadata: {
        steps: String(steps),
        features: String(features),
        lstm_layers: String(lstms.length),
      },
    }),
  );
}
