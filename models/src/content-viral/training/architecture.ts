/**
 * The viral-potential network: a small transformer encoder over a post's byte tokens
 * (models/src/content/tokenizer.ts) giving one logit, P(the post lands in its channel's top
 * decile of (forwards + reactions) per view) before calibration.
 *
 *   tokens [T] (CLS, bytes, PAD…)
 *   → token embedding [vocab, d] + learned position embedding [maxTokens, d]
 *   → `layers` × pre-norm encoder block:
 *       x += Wo · MultiHead(LN(x)), keys at PAD positions get -1e9 before the softmax
 *       x += W2 · relu(W1 · LN(x))
 *   → final LN → pooled (mean over the non-PAD positions, or the CLS position)
 *   → Dense(1): the logit.
 *
 * tfjs-layers has no multi-head attention, so the network is plain tfjs-core ops over named
 * variables (ViralWeights) and the trainer runs its own loop; the exporter (export-onnx.ts)
 * writes the same ops from the same weights by name. Pre-norm because post-norm encoders this
 * small train slowly from scratch without a warm-up schedule. ReLU, not GELU: opset 17 has no
 * Gelu, and a decomposed one would only add ops to keep in parity.
 *
 * Products with weights carry their own gradients (linear, embed below): what tfjs does by
 * default is either missing on the wasm backend or its slow path.
 */
import * as tf from '@tensorflow/tfjs-core';
// For its side effects only: registers tfjs-core's gradients and chained ops.
import '../../training/tf.js';
import { Random } from '@telepulse/dataset';
import { assertSeed } from '../../training/random.js';
import { CONTENT_PAD, CONTENT_VOCAB } from '../../content/tokenizer.js';

export interface ViralArchitectureOptions {
  /** Tokens per post (CLS included); longer posts are truncated. Attention costs maxTokens². */
  maxTokens?: number;
  /** Token ids 0..vocab-1. */
  vocab?: number;
  /** Width of every token's vector. */
  dModel?: number;
  heads?: number;
  layers?: number;
  /** Units of each block's feed-forward hidden layer. */
  ffn?: number;
  /** What the head reads: the mean of the non-PAD positions, or the CLS position. */
  pooling?: 'mean' | 'cls';
  /** Dropout on each residual branch and the pooled vector while training, in [0, 1). */
  dropout?: number;
  /** Seeds the initial weights; the same seed builds the same weights. */
  seed?: number;
}

export type ViralArchitecture = Required<ViralArchitectureOptions>;

export const VIRAL_ARCHITECTURE_DEFAULTS: Readonly<ViralArchitecture> = Object.freeze({
  maxTokens: 192,
  vocab: CONTENT_VOCAB,
  dModel: 32,
  heads: 4,
  layers: 2,
  ffn: 64,
  pooling: 'mean',
  dropout: 0.1,
  seed: 42,
});

/** Layer normalisation's epsilon, here and in the ONNX graph. */
export const LAYER_NORM_EPSILON = 1e-5;

/** Added to the attention score of every PAD key: exp() of it is 0 in float32. */
export const MASKED_SCORE = -1e9;

/** An architecture option is out of range; the message names the option and the value. */
export class ViralArchitectureError extends RangeError {
  override readonly name = 'ViralArchitectureError';
  readonly code = 'INVALID_MODEL_OPTION';
}

/** Fills in defaults and validates; throws ViralArchitectureError naming the bad option. */
export function resolveViralArchitecture(options: ViralArchitectureOptions = {}): ViralArchitecture {
  const resolved = { ...VIRAL_ARCHITECTURE_DEFAULTS } as Record<keyof ViralArchitecture, unknown>;
  for (const [key, value] of Object.entries(options)) if (value !== undefined) resolved[key as keyof ViralArchitecture] = value;
  const o = resolved as ViralArchitecture;
  for (const key of ['maxTokens', 'vocab', 'dModel', 'heads', 'layers', 'ffn'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new ViralArchitectureError(`viral architecture option ${key} must be a positive integer, got ${String(o[key])}`);
  }
  if (o.maxTokens < 2) throw new ViralArchitectureError(`viral architecture option maxTokens must be at least 2 (CLS and one byte), got ${o.maxTokens}`);
  if (o.dModel % o.heads !== 0) throw new ViralArchitectureError(`viral architecture option dModel (${o.dModel}) must be a multiple of heads (${o.heads})`);
  if (o.pooling !== 'mean' && o.pooling !== 'cls') throw new ViralArchitectureError(`viral architecture option pooling must be "mean" or "cls", got ${JSON.stringify(o.pooling)}`);
  if (!(o.dropout >= 0 && o.dropout < 1)) throw new ViralArchitectureError(`viral architecture option dropout must be in [0, 1), got ${String(o.dropout)}`);
  try {
    assertSeed(o.seed, 'viral architecture option seed');
  } catch (cause) {
    throw new ViralArchitectureError((cause as Error).message, { cause });
  }
  return o;
}

/** One encoder block's weights; matrices are [in, out] (x · W). */
export interface ViralBlockWeights<T> {
  norm1Gamma: T;
  norm1Beta: T;
  /** Query, key and value projections side by side: [d, 3d], heads contiguous within each. */
  qkvKernel: T;
  qkvBias: T;
  outKernel: T;
  outBias: T;
  norm2Gamma: T;
  norm2Beta: T;
  ffnKernel1: T;
  ffnBias1: T;
  ffnKernel2: T;
  ffnBias2: T;
}

/** Every weight of the network; T is a tf.Variable while training, plain values when exported. */
export interface ViralWeights<T> {
  tokenEmbedding: T;
  positionEmbedding: T;
  blocks: ViralBlockWeights<T>[];
  finalGamma: T;
  finalBeta: T;
  headKernel: T;
  headBias: T;
}

/** A weight's values and shape, read off the backend. */
export interface WeightValues {
  shape: number[];
  values: Float32Array;
}

/** The shape of every weight of an architecture. */
export function viralWeightShapes(a: ViralArchitecture): ViralWeights<number[]> {
  const d = a.dModel;
  return {
    tokenEmbedding: [a.vocab, d],
    positionEmbedding: [a.maxTokens, d],
    blocks: Array.from({ length: a.layers }, () => ({
      norm1Gamma: [d],
      norm1Beta: [d],
      qkvKernel: [d, 3 * d],
      qkvBias: [3 * d],
      outKernel: [d, d],
      outBias: [d],
      norm2Gamma: [d],
      norm2Beta: [d],
      ffnKernel1: [d, a.ffn],
      ffnBias1: [a.ffn],
      ffnKernel2: [a.ffn, d],
      ffnBias2: [d],
    })),
    finalGamma: [d],
    finalBeta: [d],
    headKernel: [d, 1],
    headBias: [1],
  };
}

/** Applies `f` to every weight, keeping the structure. */
export function mapWeights<A, B>(w: ViralWeights<A>, f: (value: A, name: string) => B): ViralWeights<B> {
  const block = (b: ViralBlockWeights<A>, i: number) =>
    Object.fromEntries(Object.entries(b).map(([k, v]) => [k, f(v as A, `block${i}.${k}`)])) as unknown as ViralBlockWeights<B>;
  return {
    tokenEmbedding: f(w.tokenEmbedding, 'tokenEmbedding'),
    positionEmbedding: f(w.positionEmbedding, 'positionEmbedding'),
    blocks: w.blocks.map(block),
    finalGamma: f(w.finalGamma, 'finalGamma'),
    finalBeta: f(w.finalBeta, 'finalBeta'),
    headKernel: f(w.headKernel, 'headKernel'),
    headBias: f(w.headBias, 'headBias'),
  };
}

/** Applies `f` to the weights of `a` and `b` that stand in the same place. */
export function zipWeights<A, B, C>(a: ViralWeights<A>, b: ViralWeights<B>, f: (x: A, y: B, name: string) => C): ViralWeights<C> {
  const others = weightList(b);
  let i = 0;
  return mapWeights(a, (x, name) => f(x, others[i++]!, name));
}

/** Every weight in a fixed order (for optimisers and checkpoints). */
export function weightList<T>(w: ViralWeights<T>): T[] {
  const list: T[] = [];
  mapWeights(w, (v) => list.push(v));
  return list;
}

/**
 * Initial weights as tf.Variables, seeded: embeddings normal(0, 0.02) as in BERT-like encoders,
 * matrices Glorot-uniform, biases 0, norms' gains 1. Allocates on the active backend; the caller
 * disposes them.
 */
export function initViralWeights(options: ViralArchitectureOptions = {}): ViralWeights<tf.Variable> {
  const a = resolveViralArchitecture(options);
  const random = new Random(a.seed);
  return mapWeights(viralWeightShapes(a), (shape, name) => {
    const size = shape.reduce((x, y) => x * y, 1);
    const values = new Float32Array(size);
    const key = name.slice(name.lastIndexOf('.') + 1);
    const stream = random.fork(name);
    if (key.endsWith('Embedding')) for (let i = 0; i < size; i++) values[i] = stream.normal(0, 0.02);
    else if (key.endsWith('Gamma')) values.fill(1);
    else if (key.endsWith('Kernel') || key.startsWith('ffnKernel')) {
      const limit = Math.sqrt(6 / (shape[0]! + shape[1]!));
      for (let i = 0; i < size; i++) values[i] = stream.uniform(-limit, limit);
    }
    // Unnamed: tfjs names variables process-wide, and two networks may live side by side.
    const initial = tf.tensor(values, shape, 'float32');
    const variable = tf.variable(initial, true);
    initial.dispose();
    return variable;
  });
}

/** Reads every weight's values synchronously (for the exporter and checkpoints). */
export function readWeights(w: ViralWeights<tf.Tensor>): ViralWeights<WeightValues> {
  return mapWeights(w, (t) => ({ shape: [...t.shape], values: Float32Array.from(t.dataSync()) }));
}

/** Layer normalisation over the last axis. */
function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON))), gamma), beta);
}

/**
 * x [rows, in] · W [in, out], with the gradients computed from untransposed products: tfjs
 * differentiates W through matMul(x, dy, transposeA), which the wasm backend runs about ten times
 * slower than transposing x first (measured on these shapes), and W's gradient is most of a
 * training step's matrix work.
 */
const linear = tf.customGrad((...args) => {
  const [x, kernel, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, kernel]);
  return {
    value: tf.matMul(x, kernel),
    gradFunc: (dy, [xs, ks]) => [tf.matMul(dy as tf.Tensor2D, tf.transpose(ks!)), tf.matMul(tf.transpose(xs!), dy as tf.Tensor2D)],
  };
}) as (x: tf.Tensor2D, kernel: tf.Tensor) => tf.Tensor2D;

/**
 * Rows of the embedding table for flat ids [n] → [n, d]. Gather forward; the table's gradient
 * is oneHot(ids)ᵀ · dy, computed as (dyᵀ · oneHot)ᵀ (the wasm backend has no kernel for Gather's
 * own gradient, and a transposed-left product is its slow path).
 */
function embed(table: tf.Tensor, ids: tf.Tensor1D, vocab: number): tf.Tensor2D {
  const lookup = tf.customGrad((...args) => {
    const [t, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    save([]);
    return {
      value: tf.gather(t, ids),
      gradFunc: (dy) => tf.transpose(tf.matMul(tf.transpose(dy as tf.Tensor2D), tf.oneHot(ids, vocab))),
    };
  }) as (t: tf.Tensor) => tf.Tensor2D;
  return lookup(table);
}

/** x [B, T, in] · W [in, out] + b over the last axis. */
function dense3d(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const [b, t, width] = x.shape as [number, number, number];
  return tf.add(linear(tf.reshape(x, [b * t, width]), kernel), bias).reshape([b, t, kernel.shape[1]!]);
}

export interface ForwardOptions {
  /** Applies dropout (draws from Math.random: run under withSeededMathRandom to repeat a run). */
  training?: boolean;
}

/**
 * The logits [B] for token ids [B, T] (int32, T ≤ maxTokens: positions beyond T are not read, so
 * shorter inputs cost less and a row's PAD tail can be cut without changing its logit). Pure
 * tfjs ops: differentiable with respect to the weights; the caller disposes the result (or runs
 * inside tf.tidy).
 */
export function viralForward(architecture: ViralArchitecture, w: ViralWeights<tf.Tensor>, ids: tf.Tensor2D, options: ForwardOptions = {}): tf.Tensor1D {
  const { dModel: d, heads, vocab, maxTokens } = architecture;
  const [batch, steps] = ids.shape;
  if (steps > maxTokens) throw new ViralArchitectureError(`viral input has ${steps} tokens per row, the network reads at most ${maxTokens}`);
  const dh = d / heads;
  const drop = (x: tf.Tensor) => (options.training && architecture.dropout > 0 ? tf.dropout(x, architecture.dropout) : x);
  return tf.tidy(() => {
    const mask = tf.cast(tf.notEqual(ids, CONTENT_PAD), 'float32');
    let x: tf.Tensor = tf.add(
      tf.reshape(embed(w.tokenEmbedding, tf.reshape(ids, [batch * steps]), vocab), [batch, steps, d]),
      tf.slice(w.positionEmbedding, [0, 0], [steps, d]),
    );
    // [B, 1, 1, T]: 0 for a real key, MASKED_SCORE for a PAD one, broadcast over heads and queries.
    const keyBias = tf.reshape(tf.mul(tf.sub(1, mask), MASKED_SCORE), [batch, 1, 1, steps]);
    const splitHeads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [batch, steps, heads, dh]), [0, 2, 1, 3]);
    for (const block of w.blocks) {
      const qkv = dense3d(layerNorm(x, block.norm1Gamma, block.norm1Beta), block.qkvKernel, block.qkvBias);
      const [q, k, v] = tf.split(qkv, 3, 2);
      const scores = tf.add(tf.matMul(splitHeads(tf.mul(q!, 1 / Math.sqrt(dh))), splitHeads(k!), false, true), keyBias);
      const attended = tf.matMul(tf.softmax(scores), splitHeads(v!));
      const merged = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [batch, steps, d]);
      x = tf.add(x, drop(dense3d(merged, block.outKernel, block.outBias)));
      const hidden = tf.relu(dense3d(layerNorm(x, block.norm2Gamma, block.norm2Beta), block.ffnKernel1, block.ffnBias1));
      x = tf.add(x, drop(dense3d(hidden, block.ffnKernel2, block.ffnBias2)));
    }
    x = layerNorm(x, w.finalGamma, w.finalBeta);
    const pooled =
      architecture.pooling === 'cls'
        ? tf.reshape(tf.slice(x, [0, 0, 0], [batch, 1, d]), [batch, d])
        : tf.div(tf.sum(tf.mul(x, tf.expandDims(mask, 2)), 1), tf.expandDims(tf.sum(mask, 1), 1));
    return tf.reshape(tf.add(linear(drop(pooled) as tf.Tensor2D, w.headKernel), w.headBias), [batch]);
  });
}
