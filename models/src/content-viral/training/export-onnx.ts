/**
 * Writes the trained viral-potential encoder (architecture.ts) as ONNX, op for op what
 * viralForward computes, from the same weights by name.
 *
 *   tokens [batch, T] float32 (token ids as floats: the model kit feeds float32 only)
 *   → Cast int64 → Gather(token embedding) + position embedding
 *   → per block: LayerNormalization → MatMul/Add (q k v) → Split → Reshape/Transpose into heads
 *     → MatMul(q, kᵀ) + key bias (-1e9 at PAD) → Softmax → MatMul(·, v) → Transpose/Reshape
 *     → MatMul/Add (out) → residual; LayerNormalization → MatMul/Add → Relu → MatMul/Add → residual
 *   → LayerNormalization → masked mean over positions (or the CLS row) → MatMul/Add
 *   → viral_logit [batch, 1].
 * Opset 17 has LayerNormalization, so it is not decomposed. Dropout acts only in training and is
 * left out.
 */
import {
  attr,
  floatTensor,
  graph,
  int64Tensor,
  model as onnxModel,
  node,
  serializeModel,
  tensorValueInfo,
  TensorDataType,
  type onnx,
} from '../../onnx/builder.js';
import { CONTENT_PAD } from '../../content/tokenizer.js';
import { VIRAL_ONNX_INPUT, VIRAL_ONNX_OUTPUT } from '../metadata.js';
import { LAYER_NORM_EPSILON, MASKED_SCORE, mapWeights, viralWeightShapes, weightList, type ViralArchitecture, type ViralWeights, type WeightValues } from './architecture.js';

export interface ViralOnnxMeta {
  docString?: string;
}

/** The weights do not fit the architecture; the message names the weight and both shapes. */
export class ViralExportError extends Error {
  override readonly name = 'ViralExportError';
  readonly code = 'UNSUPPORTED_MODEL';
}

/**
 * ONNX bytes computing viralForward of `architecture` with `weights` (as readWeights gives them):
 * input `tokens` float32 [batch, maxTokens], output `viral_logit` float32 [batch, 1]. Pure.
 */
export function exportViralOnnx(architecture: ViralArchitecture, weights: ViralWeights<WeightValues>, meta: ViralOnnxMeta = {}): Uint8Array {
  const { maxTokens: T, dModel: d, heads: H } = architecture;
  const dh = d / H;
  const expected = viralWeightShapes(architecture);
  if (weights.blocks.length !== architecture.layers) {
    throw new ViralExportError(`viral weights have ${weights.blocks.length} blocks, the architecture ${architecture.layers} layers`);
  }

  const nodes: onnx.INodeProto[] = [];
  const initializers: onnx.ITensorProto[] = [];
  // Every weight becomes an initializer named as in ViralWeights, its shape checked against the architecture.
  const names = mapWeights(weights, (_, name) => name);
  const wanted = weightList(mapWeights(expected, (shape) => shape));
  weightList(mapWeights(weights, (w, name) => ({ w, name }))).forEach(({ w, name }, i) => {
    const shape = wanted[i]!;
    if (w.shape.join() !== shape.join()) throw new ViralExportError(`viral weight ${name} has shape [${w.shape.join(', ')}], the architecture needs [${shape.join(', ')}]`);
    initializers.push(floatTensor(name, w.shape, w.values));
  });
  const constant = (name: string, dims: number[], values: number[]) => {
    initializers.push(floatTensor(name, dims, values));
    return name;
  };
  const ints = (name: string, values: number[]) => {
    initializers.push(int64Tensor(name, [values.length], values));
    return name;
  };
  const add = (op: string, inputs: string[], output: string, attributes?: Parameters<typeof node>[3]) => {
    nodes.push(node(op, inputs, [output], attributes));
    return output;
  };

  const padValue = constant('pad_id', [], [CONTENT_PAD]);
  const maskedScore = constant('masked_score', [], [MASKED_SCORE]);
  const one = constant('one', [], [1]);
  const headScale = constant('head_scale', [], [1 / Math.sqrt(dh)]);
  const headsShape = ints('heads_shape', [-1, T, H, dh]);
  const mergedShape = ints('merged_shape', [-1, T, d]);
  const keyBiasAxes = ints('key_bias_axes', [1, 2]);
  const lastAxis = ints('last_axis', [2]);
  const positionAxis = ints('position_axis', [1]);
  const qkvSplit = ints('qkv_split', [d, d, d]);

  const ids = add('Cast', [VIRAL_ONNX_INPUT], 'token_ids', { attributes: { to: attr.int(TensorDataType.INT64) } });
  const embedded = add('Gather', [names.tokenEmbedding, ids], 'embedded', { attributes: { axis: attr.int(0) } });
  let x = add('Add', [embedded, names.positionEmbedding], 'x_in');
  const isPad = add('Cast', [add('Equal', [VIRAL_ONNX_INPUT, padValue], 'is_pad_bool')], 'is_pad', { attributes: { to: attr.int(TensorDataType.FLOAT) } });
  const keyBias = add('Unsqueeze', [add('Mul', [isPad, maskedScore], 'key_bias_flat'), keyBiasAxes], 'key_bias');

  const layerNorm = (input: string, gamma: string, beta: string, output: string) =>
    add('LayerNormalization', [input, gamma, beta], output, { attributes: { axis: attr.int(-1), epsilon: attr.float(LAYER_NORM_EPSILON) } });
  const dense = (input: string, kernel: string, bias: string, output: string) => add('Add', [add('MatMul', [input, kernel], `${output}_product`), bias], output);

  weights.blocks.forEach((_, i) => {
    const b = names.blocks[i]!;
    const p = `block${i}`;
    const qkv = dense(layerNorm(x, b.norm1Gamma, b.norm1Beta, `${p}_norm1`), b.qkvKernel, b.qkvBias, `${p}_qkv`);
    nodes.push(node('Split', [qkv, qkvSplit], [`${p}_q`, `${p}_k`, `${p}_v`], { attributes: { axis: attr.int(2) } }));
    const heads = (input: string, perm: number[], output: string) =>
      add('Transpose', [add('Reshape', [input, headsShape], `${output}_split`)], output, { attributes: { perm: attr.ints(perm) } });
    const q = heads(add('Mul', [`${p}_q`, headScale], `${p}_q_scaled`), [0, 2, 1, 3], `${p}_q_heads`);
    // Keys straight to [B, H, dh, T]: MatMul has no transpose flag.
    const kT = heads(`${p}_k`, [0, 2, 3, 1], `${p}_k_heads_t`);
    const v = heads(`${p}_v`, [0, 2, 1, 3], `${p}_v_heads`);
    const scores = add('Add', [add('MatMul', [q, kT], `${p}_raw_scores`), keyBias], `${p}_scores`);
    const weightsOf = add('Softmax', [scores], `${p}_attention`, { attributes: { axis: attr.int(-1) } });
    const attended = add('MatMul', [weightsOf, v], `${p}_attended`);
    const merged = add('Reshape', [add('Transpose', [attended], `${p}_attended_t`, { attributes: { perm: attr.ints([0, 2, 1, 3]) } }), mergedShape], `${p}_merged`);
    x = add('Add', [x, dense(merged, b.outKernel, b.outBias, `${p}_out`)], `${p}_x_attended`);
    const hidden = add('Relu', [dense(layerNorm(x, b.norm2Gamma, b.norm2Beta, `${p}_norm2`), b.ffnKernel1, b.ffnBias1, `${p}_ffn1`)], `${p}_ffn_hidden`);
    x = add('Add', [x, dense(hidden, b.ffnKernel2, b.ffnBias2, `${p}_ffn2`)], `${p}_x`);
  });
  x = layerNorm(x, names.finalGamma, names.finalBeta, 'x_final');

  let pooled: string;
  if (architecture.pooling === 'cls') {
    initializers.push(int64Tensor('cls_index', [], [0]));
    pooled = add('Gather', [x, 'cls_index'], 'pooled', { attributes: { axis: attr.int(1) } });
  } else {
    const mask = add('Sub', [one, isPad], 'mask');
    const summed = add('ReduceSum', [add('Mul', [x, add('Unsqueeze', [mask, lastAxis], 'mask_3d')], 'x_masked'), positionAxis], 'x_summed', { attributes: { keepdims: attr.int(0) } });
    const count = add('ReduceSum', [mask, positionAxis], 'token_count', { attributes: { keepdims: attr.int(1) } });
    pooled = add('Div', [summed, count], 'pooled');
  }
  dense(pooled, names.headKernel, names.headBias, VIRAL_ONNX_OUTPUT);

  const g = graph({
    name: 'content_viral',
    nodes,
    initializers,
    inputs: [tensorValueInfo(VIRAL_ONNX_INPUT, ['batch', T], undefined, 'token ids (models/src/content/tokenizer.ts) as float32: CLS, bytes + 3, PAD (0) to the end')],
    outputs: [tensorValueInfo(VIRAL_ONNX_OUTPUT, ['batch', 1], undefined, 'logit of P(top decile of its channel), before calibration')],
  });
  return serializeModel(
    onnxModel(g, {
      ...(meta.docString ? { docString: meta.docString } : {}),
      metadata: { max_tokens: String(T), d_model: String(d), heads: String(H), layers: String(architecture.layers), pooling: architecture.pooling },
    }),
  );
}
