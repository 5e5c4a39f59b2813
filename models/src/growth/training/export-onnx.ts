/**
 * Writes a trained tfjs growth network (see architecture.ts) as ONNX for onnxruntime-node.
 *
 * Graph: history [batch, T, F] → Transpose to [T, batch, F] (ORT's CPU GRU has no layout=1)
 * → GRU → Y [T, 1, batch, H] → Squeeze, Transpose → states [batch, T, H]; Y_h → last [batch, H]
 * → attention: MatMul/Add/Tanh, MatMul/Add → scores [batch, T, 1]; weights = exp(scores − max)
 *   × present / (Σ + ε) (the present column sliced from the input) → ReduceSum(states × weights)
 * → Concat(context, last) → Gemm/Relu → Gemm → Reshape [batch, horizon, 5]
 * → median = CumSum(increments) × s, widths = CumSum(Softplus(a..d)) × s × scales, quantiles = median +
 *   MatMul(widths, WIDTH_SIGNS) → quantiles [batch, horizon, 5].
 * Dropout only acts in training and is left out. The exporter reads layers by name and weights by
 * name and rejects anything ONNX would not compute the same way, naming the layer.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { attr, floatTensor, graph, int64Tensor, model as onnxModel, node, serializeModel, tensorValueInfo, type onnx } from '../../onnx/builder.js';
import { denseToOnnx, expectConfig, requireWeight, weightsByName, type LayerLike } from '../../onnx/tfjs-layers.js';
import { GROWTH_ONNX_INPUT, GROWTH_ONNX_OUTPUT } from '../metadata.js';
import { ATTENTION_EPSILON, AttentionPooling, GROWTH_LAYERS, QUANTILE_COUNT, QuantileHead, WIDTH_SIGNS } from './architecture.js';

export interface GrowthOnnxMeta {
  docString?: string;
}

/** The tfjs model has a layer or setting this exporter cannot reproduce in ONNX. */
export class GrowthExportError extends Error {
  override readonly name = 'GrowthExportError';
  readonly code = 'UNSUPPORTED_MODEL';
}

const fail = (message: string) => new GrowthExportError(message);

/** tfjs `[rows, 3H]` (gates along columns, z r h) → ONNX `[3H, rows]` (gates along rows, z r h): a transpose. */
export function gruMatrixToOnnx(matrix: Float32Array, rows: number, hidden: number): Float32Array {
  if (matrix.length !== rows * 3 * hidden) throw fail(`GRU matrix has ${matrix.length} values, expected ${rows} × ${3 * hidden}`);
  const cols = 3 * hidden;
  const out = new Float32Array(matrix.length);
  for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) out[c * rows + r] = matrix[r * cols + c]!;
  return out;
}

/** tfjs bias `[3H]` (z r h, input side) → ONNX B `[6H]`: Wb as it is, then Rb = 0. */
export function gruBiasToOnnx(bias: Float32Array, hidden: number): Float32Array {
  if (bias.length !== 3 * hidden) throw fail(`GRU bias has ${bias.length} values, expected ${3 * hidden}`);
  const out = new Float32Array(6 * hidden);
  out.set(bias);
  return out;
}

function layer(model: LayersModel, name: string, className: string): LayerLike {
  const found = model.layers.find((l) => l.name === name);
  if (!found) throw fail(`model has no layer named ${name} (layers: ${model.layers.map((l) => l.name).join(', ')})`);
  if (found.getClassName() !== className) throw fail(`layer ${name} is a ${found.getClassName()}, expected ${className}`);
  return found;
}

/**
 * Converts a growth network to ONNX bytes with input `history` float32 [batch, T, F] and output
 * `quantiles` float32 [batch, horizon, 5]. Reads the weights synchronously from the active tfjs
 * backend; does not change the model.
 */
export function exportGrowthOnnx(model: LayersModel, meta: GrowthOnnxMeta = {}): Uint8Array {
  const inputShape = model.inputs[0]?.shape;
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || !inputShape || inputShape.length !== 3) {
    throw fail(`model must have one [batch, steps, features] input and one output, got ${model.inputs.length} input(s) of shape ${JSON.stringify(inputShape)} and ${model.outputs.length} output(s)`);
  }
  const [, steps, features] = inputShape;
  if (typeof steps !== 'number' || typeof features !== 'number') throw fail(`model input must have fixed steps and features, got ${JSON.stringify(inputShape)}`);
  const known = new Set<string>(['InputLayer', 'Dropout', ...Object.values(GROWTH_LAYERS)]);
  for (const l of model.layers) {
    if (!known.has(l.getClassName()) && !known.has(l.name)) throw fail(`layer ${l.name} (${l.getClassName()}) is not part of the growth network this exporter knows`);
  }

  const nodes: onnx.INodeProto[] = [];
  const initializers: onnx.ITensorProto[] = [];
  const ints = (name: string, values: readonly number[]): string => {
    initializers.push(int64Tensor(name, [values.length], values));
    return name;
  };
  const add = (...list: onnx.INodeProto[]) => nodes.push(...list);

  // GRU over [T, batch, F]: ORT's CPU GRU kernel rejects layout=1 (batch-major).
  const gru = layer(model, GROWTH_LAYERS.gru, 'GRU');
  const gruConfig = gru.getConfig() as Record<string, unknown>;
  expectConfig(gru, gruConfig, 'activation', 'tanh', fail);
  expectConfig(gru, gruConfig, 'recurrentActivation', 'sigmoid', fail);
  expectConfig(gru, gruConfig, 'resetAfter', false, fail);
  expectConfig(gru, gruConfig, 'goBackwards', false, fail);
  expectConfig(gru, gruConfig, 'stateful', false, fail);
  expectConfig(gru, gruConfig, 'returnState', false, fail);
  expectConfig(gru, gruConfig, 'returnSequences', true, fail);
  expectConfig(gru, gruConfig, 'useBias', true, fail);
  const hidden = gruConfig.units as number;
  const gruWeights = weightsByName(gru, fail);
  initializers.push(floatTensor('gru_W', [1, 3 * hidden, features], gruMatrixToOnnx(requireWeight(gru, gruWeights, 'kernel', [features, 3 * hidden], fail), features, hidden)));
  initializers.push(floatTensor('gru_R', [1, 3 * hidden, hidden], gruMatrixToOnnx(requireWeight(gru, gruWeights, 'recurrent_kernel', [hidden, 3 * hidden], fail), hidden, hidden)));
  initializers.push(floatTensor('gru_B', [1, 6 * hidden], gruBiasToOnnx(requireWeight(gru, gruWeights, 'bias', [3 * hidden], fail), hidden)));
  add(
    node('Transpose', [GROWTH_ONNX_INPUT], ['history_tbf'], { attributes: { perm: attr.ints([1, 0, 2]) } }),
    node('GRU', ['history_tbf', 'gru_W', 'gru_R', 'gru_B'], ['gru_Y', 'gru_Y_h'], { name: 'gru', attributes: { hidden_size: attr.int(hidden), linear_before_reset: attr.int(0) } }),
    // Y [T, 1, batch, H] → [batch, T, H]; Y_h [1, batch, H] → [batch, H], the state after the last day.
    node('Squeeze', ['gru_Y', ints('axes_1', [1])], ['gru_Y_tbh']),
    node('Transpose', ['gru_Y_tbh'], ['states'], { attributes: { perm: attr.ints([1, 0, 2]) } }),
    node('Squeeze', ['gru_Y_h', ints('axes_0', [0])], ['last_state']),
  );

  const attentionHidden = denseToOnnx(layer(model, GROWTH_LAYERS.attentionHidden, 'Dense'), { input: 'states', width: hidden, prefix: 'attention_hidden', perStep: true }, fail);
  const attentionScore = denseToOnnx(
    layer(model, GROWTH_LAYERS.attentionScore, 'Dense'),
    { input: attentionHidden.output, width: attentionHidden.units, prefix: 'attention_score', output: 'scores', perStep: true },
    fail,
  );
  if (attentionScore.units !== 1) throw fail(`layer ${GROWTH_LAYERS.attentionScore}: has ${attentionScore.units} units, expected 1 score per day`);
  add(...attentionHidden.nodes, ...attentionScore.nodes);
  initializers.push(...attentionHidden.initializers, ...attentionScore.initializers);

  const pooling = layer(model, GROWTH_LAYERS.pooling, AttentionPooling.className) as unknown as AttentionPooling;
  const present = pooling.presentColumn;
  initializers.push(floatTensor('attention_epsilon', [], [ATTENTION_EPSILON]));
  add(
    node('Slice', [GROWTH_ONNX_INPUT, ints('present_from', [present]), ints('present_to', [present + 1]), ints('axes_2', [2])], ['present']),
    node('ReduceMax', ['scores'], ['scores_max'], { attributes: { axes: attr.ints([1]), keepdims: attr.int(1) } }),
    node('Sub', ['scores', 'scores_max'], ['scores_shifted']),
    node('Exp', ['scores_shifted'], ['scores_exp']),
    node('Mul', ['scores_exp', 'present'], ['weights_raw']),
    node('ReduceSum', ['weights_raw', 'axes_1'], ['weights_sum'], { attributes: { keepdims: attr.int(1) } }),
    node('Add', ['weights_sum', 'attention_epsilon'], ['weights_norm']),
    node('Div', ['weights_raw', 'weights_norm'], ['weights']),
    node('Mul', ['states', 'weights'], ['states_weighted']),
    node('ReduceSum', ['states_weighted', 'axes_1'], ['context'], { attributes: { keepdims: attr.int(0) } }),
    node('Concat', ['context', 'last_state'], ['pooled'], { attributes: { axis: attr.int(1) } }),
  );

  const dense = denseToOnnx(layer(model, GROWTH_LAYERS.dense, 'Dense'), { input: 'pooled', width: 2 * hidden, prefix: 'dense_hidden' }, fail);
  const raw = denseToOnnx(layer(model, GROWTH_LAYERS.raw, 'Dense'), { input: dense.output, width: dense.units, prefix: 'quantile_raw', output: 'raw' }, fail);
  add(...dense.nodes, ...raw.nodes);
  initializers.push(...dense.initializers, ...raw.initializers);

  const head = layer(model, GROWTH_LAYERS.head, QuantileHead.className) as unknown as QuantileHead;
  if (head.horizon * QUANTILE_COUNT !== raw.units) throw fail(`layer ${GROWTH_LAYERS.head}: horizon ${head.horizon} × ${QUANTILE_COUNT} quantiles needs ${head.horizon * QUANTILE_COUNT} raw outputs, got ${raw.units}`);
  initializers.push(
    floatTensor('unit_scale', [], [head.unitScale]),
    floatTensor('width_multipliers', [QUANTILE_COUNT - 1], head.widthMultipliers()),
    floatTensor('width_signs', [QUANTILE_COUNT - 1, QUANTILE_COUNT], WIDTH_SIGNS.flat()),
  );
  initializers.push(int64Tensor('cumsum_axis', [], [1]));
  add(
    node('Reshape', ['raw', ints('raw_shape', [-1, head.horizon, QUANTILE_COUNT])], ['raw_days']),
    node('Slice', ['raw_days', ints('increment_from', [0]), ints('increment_to', [1]), 'axes_2'], ['increments']),
    node('CumSum', ['increments', 'cumsum_axis'], ['median_raw']),
    node('Mul', ['median_raw', 'unit_scale'], ['median']),
    node('Slice', ['raw_days', ints('width_from', [1]), ints('width_to', [QUANTILE_COUNT]), 'axes_2'], ['width_raw']),
    node('Softplus', ['width_raw'], ['width_steps']),
    node('CumSum', ['width_steps', 'cumsum_axis'], ['widths_raw']),
    node('Mul', ['widths_raw', 'width_multipliers'], ['widths']),
    node('MatMul', ['widths', 'width_signs'], ['spread']),
    node('Add', ['median', 'spread'], [GROWTH_ONNX_OUTPUT]),
  );

  const g = graph({
    name: model.name || 'growth',
    nodes,
    initializers,
    inputs: [tensorValueInfo(GROWTH_ONNX_INPUT, ['batch', steps, features], undefined, "per row: the channel's last days, oldest first")],
    outputs: [tensorValueInfo(GROWTH_ONNX_OUTPUT, ['batch', head.horizon, QUANTILE_COUNT])],
  });
  return serializeModel(
    onnxModel(g, {
      ...(meta.docString ? { docString: meta.docString } : {}),
      metadata: { steps: String(steps), features: String(features), gru_units: String(hidden), horizon: String(head.horizon) },
    }),
  );
}
