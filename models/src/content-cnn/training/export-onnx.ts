/**
 * Writes a trained tfjs content CNN (see architecture.ts) as ONNX for onnxruntime-node.
 *
 * Graph: tokens float32 [batch, T] → Cast int64 → Gather(embeddings) [batch, T, E] × keep
 * (keep = 1 where the id is not PAD) → Transpose [batch, E, T]
 * → per kernel width k: Conv (pads (k - 1) / 2 each side) → Relu → + (1 − keep) × −1e9 →
 *   ReduceMax over T → Relu → [batch, filters]
 * → Concat = `embedding` [batch, filters × widths] (an output, and the head's input)
 * → Concat with, when the network has them, each width's mean of the Relu output over the kept
 *   positions (ReduceSum of it × keep, over max(1, Σ keep)), and ln(max(1, Σ keep)) / ln(T)
 * → Gemm/Relu → Gemm → `relative_engagement` [batch, 1].
 * Dropout only acts in training and is left out. The exporter reads layers by name and rejects
 * anything it does not know, naming the layer.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { attr, floatTensor, graph, int64Tensor, model as onnxModel, node, serializeModel, TensorDataType, tensorValueInfo, type onnx } from '../../onnx/builder.js';
import { denseToOnnx, requireWeight, weightsByName, type LayerLike } from '../../onnx/tfjs-layers.js';
import { CONTENT_CNN_ONNX_EMBEDDING, CONTENT_CNN_ONNX_INPUT, CONTENT_CNN_ONNX_OUTPUT } from '../metadata.js';
import { ByteConv, ByteEmbedding, CONTENT_CNN_LAYERS, LengthFeature, MaskedMaxPool, MaskedMeanPool, PAD_PENALTY } from './architecture.js';
import { CONTENT_PAD } from '../../content/tokenizer.js';

export interface ContentCnnOnnxMeta {
  docString?: string;
}

/** The tfjs model has a layer or setting this exporter cannot reproduce in ONNX. */
export class ContentCnnExportError extends Error {
  override readonly name = 'ContentCnnExportError';
  readonly code = 'UNSUPPORTED_MODEL';
}

const fail = (message: string) => new ContentCnnExportError(message);

function layer(model: LayersModel, name: string, className: string): LayerLike {
  const found = model.layers.find((l) => l.name === name);
  if (!found) throw fail(`model has no layer named ${name} (layers: ${model.layers.map((l) => l.name).join(', ')})`);
  if (found.getClassName() !== className) throw fail(`layer ${name} is a ${found.getClassName()}, expected ${className}`);
  return found;
}

/** tfjs Conv1D kernel [k, in, out] → ONNX Conv W [out, in, k]. */
export function convKernelToOnnx(kernel: Float32Array, width: number, inputs: number, outputs: number): Float32Array {
  if (kernel.length !== width * inputs * outputs) throw fail(`conv kernel has ${kernel.length} values, expected ${width} × ${inputs} × ${outputs}`);
  const out = new Float32Array(kernel.length);
  for (let j = 0; j < width; j++) {
    for (let i = 0; i < inputs; i++) {
      for (let o = 0; o < outputs; o++) out[(o * inputs + i) * width + j] = kernel[(j * inputs + i) * outputs + o]!;
    }
  }
  return out;
}

/**
 * Converts a content CNN to ONNX bytes: input `tokens` float32 [batch, maxTokens], outputs
 * `relative_engagement` [batch, 1] and `embedding` [batch, filters × widths]. Reads the weights
 * synchronously from the active tfjs backend; does not change the model.
 */
export function exportContentCnnOnnx(model: LayersModel, meta: ContentCnnOnnxMeta = {}): Uint8Array {
  const L = CONTENT_CNN_LAYERS;
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw fail(`model must have one input (token ids) and one output (the relative engagement), got ${model.inputs.length} and ${model.outputs.length}`);
  }
  const convs = model.layers.filter((l) => l.getClassName() === ByteConv.className) as unknown as ByteConv[];
  const known = new Set<string>(['InputLayer', 'Dropout', ByteEmbedding.className, ByteConv.className, MaskedMaxPool.className, MaskedMeanPool.className, LengthFeature.className]);
  const names = new Set<string>([L.contentEmbedding, L.head, L.dense, L.output]);
  for (const l of model.layers) {
    if (!known.has(l.getClassName()) && !names.has(l.name)) throw fail(`layer ${l.name} (${l.getClassName()}) is not part of the content CNN this exporter knows`);
  }
  if (convs.length === 0) throw fail('model has no convolution layer');

  const nodes: onnx.INodeProto[] = [];
  const initializers: onnx.ITensorProto[] = [];
  const add = (...list: onnx.INodeProto[]) => nodes.push(...list);
  const ints = (name: string, values: readonly number[]): string => {
    initializers.push(int64Tensor(name, [values.length], values));
    return name;
  };

  const embedding = layer(model, L.embedding, ByteEmbedding.className) as unknown as ByteEmbedding;
  const lengthLayer = layer(model, L.length, LengthFeature.className) as unknown as LengthFeature;
  const maxTokens = lengthLayer.maxTokens;
  const dims = embedding.dims;
  const table = requireWeight(embedding as unknown as LayerLike, weightsByName(embedding as unknown as LayerLike, fail), 'embeddings', [embedding.vocab, dims], fail);
  initializers.push(
    floatTensor('embeddings', [embedding.vocab, dims], table),
    int64Tensor('pad_id', [], [CONTENT_PAD]),
    floatTensor('one', [], [1]),
    floatTensor('pad_penalty', [], [PAD_PENALTY]),
    floatTensor('inverse_log_max_tokens', [], [1 / Math.log(maxTokens)]),
  );
  add(
    node('Cast', [CONTENT_CNN_ONNX_INPUT], ['ids'], { attributes: { to: attr.int(TensorDataType.INT64) } }),
    node('Gather', ['embeddings', 'ids'], ['embedded_raw'], { attributes: { axis: attr.int(0) } }),
    node('Equal', ['ids', 'pad_id'], ['is_pad']),
    node('Not', ['is_pad'], ['not_pad']),
    node('Cast', ['not_pad'], ['keep'], { attributes: { to: attr.int(TensorDataType.FLOAT) } }),
    node('Unsqueeze', ['keep', ints('axes_2', [2])], ['keep_per_step']),
    node('Mul', ['embedded_raw', 'keep_per_step'], ['embedded']),
    node('Transpose', ['embedded'], ['embedded_channels_first'], { attributes: { perm: attr.ints([0, 2, 1]) } }),
    node('Sub', ['one', 'keep'], ['pad']),
    node('Mul', ['pad', 'pad_penalty'], ['penalty']),
    node('Unsqueeze', ['penalty', ints('axes_1', [1])], ['penalty_per_channel']),
    node('Unsqueeze', ['keep', 'axes_1'], ['keep_per_channel']),
    node('ReduceSum', ['keep', 'axes_1'], ['tokens_count'], { attributes: { keepdims: attr.int(1) } }),
    node('Max', ['tokens_count', 'one'], ['tokens_at_least_one']),
  );

  const pooled: string[] = [];
  const means: string[] = [];
  let width = 0;
  let meanWidth = 0;
  for (const conv of convs) {
    const k = conv.width;
    const pool = layer(model, L.pool(k), MaskedMaxPool.className);
    const convLayer = layer(model, L.conv(k), ByteConv.className);
    const weights = weightsByName(convLayer, fail);
    const p = `conv_k${k}`;
    initializers.push(
      floatTensor(`${p}_W`, [conv.filters, dims, k], convKernelToOnnx(requireWeight(convLayer, weights, 'kernel', [k, dims, conv.filters], fail), k, dims, conv.filters)),
      floatTensor(`${p}_B`, [conv.filters], requireWeight(convLayer, weights, 'bias', [conv.filters], fail)),
    );
    const half = (k - 1) / 2;
    add(
      node('Conv', ['embedded_channels_first', `${p}_W`, `${p}_B`], [`${p}_linear`], { name: p, attributes: { kernel_shape: attr.ints([k]), pads: attr.ints([half, half]), strides: attr.ints([1]), dilations: attr.ints([1]) } }),
      node('Relu', [`${p}_linear`], [`${p}_out`]),
      node('Add', [`${p}_out`, 'penalty_per_channel'], [`${p}_masked`]),
      node('ReduceMax', [`${p}_masked`], [`${pool.name}_max`], { attributes: { axes: attr.ints([2]), keepdims: attr.int(0) } }),
      node('Relu', [`${pool.name}_max`], [pool.name]),
    );
    pooled.push(pool.name);
    width += conv.filters;
    const mean = model.layers.find((l) => l.name === L.mean(k));
    if (mean) {
      if (mean.getClassName() !== MaskedMeanPool.className) throw fail(`layer ${mean.name} is a ${mean.getClassName()}, expected ${MaskedMeanPool.className}`);
      add(
        node('Mul', [`${p}_out`, 'keep_per_channel'], [`${p}_kept`]),
        node('ReduceSum', [`${p}_kept`, ints(`${p}_steps_axis`, [2])], [`${p}_sum`], { attributes: { keepdims: attr.int(0) } }),
        node('Div', [`${p}_sum`, 'tokens_at_least_one'], [mean.name]),
      );
      means.push(mean.name);
      meanWidth += conv.filters;
    }
  }
  add(pooled.length === 1 ? node('Identity', pooled, [CONTENT_CNN_ONNX_EMBEDDING]) : node('Concat', pooled, [CONTENT_CNN_ONNX_EMBEDDING], { attributes: { axis: attr.int(1) } }));

  add(
    node('Log', ['tokens_at_least_one'], ['log_tokens']),
    node('Mul', ['log_tokens', 'inverse_log_max_tokens'], ['length_feature']),
    node('Concat', [CONTENT_CNN_ONNX_EMBEDDING, ...means, 'length_feature'], ['head_input'], { attributes: { axis: attr.int(1) } }),
  );
  const dense = denseToOnnx(layer(model, L.dense, 'Dense'), { input: 'head_input', width: width + meanWidth + 1, prefix: 'dense_hidden' }, fail);
  const out = denseToOnnx(layer(model, L.output, 'Dense'), { input: dense.output, width: dense.units, prefix: 'relative', output: CONTENT_CNN_ONNX_OUTPUT }, fail);
  if (out.units !== 1) throw fail(`layer ${L.output}: has ${out.units} units, expected 1`);
  add(...dense.nodes, ...out.nodes);
  initializers.push(...dense.initializers, ...out.initializers);

  const g = graph({
    name: model.name || 'content_cnn',
    nodes,
    initializers,
    inputs: [tensorValueInfo(CONTENT_CNN_ONNX_INPUT, ['batch', maxTokens], undefined, 'per row: token ids (CLS, bytes + 3, PAD = 0) as float32')],
    outputs: [tensorValueInfo(CONTENT_CNN_ONNX_OUTPUT, ['batch', 1]), tensorValueInfo(CONTENT_CNN_ONNX_EMBEDDING, ['batch', width])],
  });
  return serializeModel(
    onnxModel(g, {
      ...(meta.docString ? { docString: meta.docString } : {}),
      metadata: { max_tokens: String(maxTokens), embedding: String(dims), kernels: convs.map((c) => c.width).join(','), content_embedding: String(width) },
    }),
  );
}
