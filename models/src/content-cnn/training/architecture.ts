/**
 * The content CNN: a post's text, as byte tokens (content/tokenizer.ts), to its engagement
 * relative to its channel's level, through a pooled "content embedding".
 *
 *   tokens [T] (ids as float32; PAD after the text)
 *   → ByteEmbedding: a row of a [vocab, embedding] table per token, PAD rows zeroed
 *   → per kernel width k: ByteConv (Conv1D, `filters` filters, 'same' padding, ReLU)
 *     → MaskedMaxPool: the maximum over the text's positions (PAD positions get −1e9 first, so
 *       they never win), then ReLU (so a row of PAD alone pools to 0, not −1e9)
 *   → Concatenate = the content embedding [filters × widths]
 *   → joined, when `meanPool` (off by default), with MaskedMeanPool per width: the mean over the text's
 *     positions (how much of the text is links, emoji or shouting, which a maximum cannot say),
 *     and with LengthFeature: ln(non-PAD tokens) / ln(maxTokens) (length matters to engagement)
 *   → Dropout → Dense(dense, relu) → Dense(1, linear) = ln(rate / channel level).
 *
 * Zeroed PAD rows make a position next to the text's end see what it would see past the end of
 * a shorter input, and masked pooling ignores PAD positions: appending PAD changes nothing, so
 * the network takes any length T (training pads each batch to its longest text; ONNX to maxTokens).
 * Every step is one ONNX reproduces exactly (see export-onnx.ts). The layers' gradients are
 * written for the wasm backend (training/wasm-gradients.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
// For its side effects only: tfjs-layers needs tfjs-core's gradients and chained ops registered.
import '../../training/tf.js';
import { assertSeed, deriveSeed } from '../../training/random.js';
import { conv1dSame, gatherRows, maxOverSteps } from '../../training/wasm-gradients.js';
import { CONTENT_PAD, CONTENT_VOCAB } from '../../content/tokenizer.js';

export interface ContentCnnArchitectureOptions {
  /** Tokens per text the served model reads (CLS, the text's bytes, PAD or TRUNCATED). */
  maxTokens?: number;
  /** Token ids 0..vocab-1. */
  vocab?: number;
  /** Width of a token's embedding. */
  embedding?: number;
  /** Odd kernel widths of the convolutions, in tokens (bytes). */
  kernels?: readonly number[];
  /** Filters per kernel width: the content embedding has filters × kernels.length dimensions. */
  filters?: number;
  /** Units of the hidden dense layer. */
  dense?: number;
  /**
   * Whether the head also reads each filter's mean over the text (not part of the embedding).
   * Off by default: on simulated texts it ranked no better at the training budget (held-out
   * Spearman 0.452 with, 0.460 without, 2 epochs of 3 200 posts).
   */
  meanPool?: boolean;
  /** Dropout rate on the head's input, in [0, 1); 0 leaves the Dropout layer out. */
  dropout?: number;
  /** Seeds every initializer; the same seed builds the same weights. */
  seed?: number;
}

/** Every architecture option, resolved: what the metadata records. */
export interface ContentCnnArchitecture extends Required<Omit<ContentCnnArchitectureOptions, 'kernels'>> {
  kernels: number[];
}

export const CONTENT_CNN_ARCHITECTURE_DEFAULTS: Readonly<ContentCnnArchitecture> = Object.freeze({
  maxTokens: 1024,
  vocab: CONTENT_VOCAB,
  embedding: 32,
  kernels: [3, 5, 9],
  filters: 32,
  dense: 32,
  meanPool: false,
  dropout: 0.1,
  seed: 42,
});

/** Added to a PAD position's activations before the max-pool: far below any ReLU output. */
export const PAD_PENALTY = -1e9;

/** An architecture option is out of range; the message names the option and the value. */
export class ContentCnnArchitectureError extends RangeError {
  override readonly name = 'ContentCnnArchitectureError';
  readonly code = 'INVALID_MODEL_OPTION';
}

/** Fills in defaults and validates; throws ContentCnnArchitectureError naming the bad option. */
export function resolveContentCnnArchitecture(options: ContentCnnArchitectureOptions = {}): ContentCnnArchitecture {
  const resolved: ContentCnnArchitecture = { ...CONTENT_CNN_ARCHITECTURE_DEFAULTS, kernels: [...CONTENT_CNN_ARCHITECTURE_DEFAULTS.kernels] };
  for (const [key, value] of Object.entries(options) as [keyof ContentCnnArchitectureOptions, unknown][]) {
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = key === 'kernels' ? [...(value as number[])] : value;
  }
  const fail = (message: string) => new ContentCnnArchitectureError(`content-cnn architecture option ${message}`);
  for (const key of ['maxTokens', 'vocab', 'embedding', 'filters', 'dense'] as const) {
    const value = resolved[key];
    if (!Number.isInteger(value) || value < 1) throw fail(`${key} must be a positive integer, got ${String(value)}`);
  }
  if (resolved.maxTokens < 2) throw fail(`maxTokens must be at least 2 (CLS and one byte), got ${resolved.maxTokens}`);
  if (resolved.vocab <= CONTENT_PAD) throw fail(`vocab must include the PAD id ${CONTENT_PAD}, got ${resolved.vocab}`);
  if (!Array.isArray(resolved.kernels) || resolved.kernels.length === 0 || resolved.kernels.some((k) => !Number.isInteger(k) || k < 1 || k % 2 !== 1)) {
    throw fail(`kernels must be one or more odd positive integers, got ${JSON.stringify(resolved.kernels)}`);
  }
  if (new Set(resolved.kernels).size !== resolved.kernels.length) throw fail(`kernels must differ from each other, got ${JSON.stringify(resolved.kernels)}`);
  if (typeof resolved.meanPool !== 'boolean') throw fail(`meanPool must be true or false, got ${String(resolved.meanPool)}`);
  if (!(resolved.dropout >= 0 && resolved.dropout < 1)) throw fail(`dropout must be in [0, 1), got ${String(resolved.dropout)}`);
  try {
    assertSeed(resolved.seed, 'content-cnn architecture option seed');
  } catch (cause) {
    throw new ContentCnnArchitectureError((cause as Error).message, { cause });
  }
  return resolved;
}

type Shape = (number | null)[];

/** 1 where the token is not PAD, else 0: [b, T] float32. */
function keepMask(ids: tf.Tensor): tf.Tensor {
  return tf.cast(tf.notEqual(ids, CONTENT_PAD), 'float32');
}

/** Token ids [b, T] (float32 holding integers) → embeddings [b, T, embedding], PAD rows zero. Weight: `embeddings` [vocab, embedding]. */
export class ByteEmbedding extends tfl.layers.Layer {
  static readonly className = 'ContentByteEmbedding';
  readonly vocab: number;
  readonly dims: number;
  private readonly seed: number;
  private table!: tfl.LayerVariable;

  constructor(args: { name: string; vocab: number; dims: number; seed: number }) {
    super({ name: args.name });
    this.vocab = args.vocab;
    this.dims = args.dims;
    this.seed = args.seed;
  }

  override build(): void {
    this.table = this.addWeight('embeddings', [this.vocab, this.dims], 'float32', tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed }));
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [...(inputShape as Shape), this.dims];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
      const rows = gatherRows(this.table.read() as tf.Tensor2D, ids);
      return tf.mul(rows, tf.expandDims(keepMask(ids), 2));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), vocab: this.vocab, dims: this.dims };
  }
}

/** [b, T, in] → ReLU(conv1d 'same' + bias) [b, T, filters]. Weights: `kernel` [width, in, filters] (tfjs Conv1D's layout) and `bias` [filters]. */
export class ByteConv extends tfl.layers.Layer {
  static readonly className = 'ContentByteConv';
  readonly width: number;
  readonly filters: number;
  private readonly seed: number;
  private kernel!: tfl.LayerVariable;
  private bias!: tfl.LayerVariable;

  constructor(args: { name: string; width: number; filters: number; seed: number }) {
    super({ name: args.name });
    this.width = args.width;
    this.filters = args.filters;
    this.seed = args.seed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const channels = (inputShape as Shape)[2] as number;
    this.kernel = this.addWeight('kernel', [this.width, channels, this.filters], 'float32', tfl.initializers.glorotUniform({ seed: this.seed }));
    this.bias = this.addWeight('bias', [this.filters], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    return [shape[0]!, shape[1]!, this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor3D;
      return tf.relu(tf.add(conv1dSame(x, this.kernel.read() as tf.Tensor3D), this.bias.read()));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), width: this.width, filters: this.filters };
  }
}

/** A pool over the positions of inputs [activations [b, T, F], ids [b, T]] → [b, F]. No weights. */
abstract class PositionPool extends tfl.layers.Layer {
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [activations] = inputShape as Shape[];
    return [activations![0]!, activations![2]!];
  }
}

/** ReLU(max over positions of activations + PAD_PENALTY at PAD positions). */
export class MaskedMaxPool extends PositionPool {
  static readonly className = 'ContentMaskedMaxPool';

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [activations, ids] = inputs as tf.Tensor[];
      const penalty = tf.mul(tf.sub(1, keepMask(ids!)), PAD_PENALTY);
      return tf.relu(maxOverSteps(tf.add(activations!, tf.expandDims(penalty, 2)) as tf.Tensor3D));
    });
  }
}

/** The mean of activations over the non-PAD positions (0 for a row of PAD alone). */
export class MaskedMeanPool extends PositionPool {
  static readonly className = 'ContentMaskedMeanPool';

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [activations, ids] = inputs as tf.Tensor[];
      const keep = keepMask(ids!);
      const sum = tf.sum(tf.mul(activations!, tf.expandDims(keep, 2)), 1);
      return tf.div(sum, tf.maximum(tf.sum(keep, 1, true), 1));
    });
  }
}

/** Token ids [b, T] → ln(max(1, non-PAD tokens)) / ln(maxTokens) [b, 1]: 1 for a text that fills the input. No weights. */
export class LengthFeature extends tfl.layers.Layer {
  static readonly className = 'ContentLengthFeature';
  readonly maxTokens: number;

  constructor(args: { name: string; maxTokens: number }) {
    super({ name: args.name });
    this.maxTokens = args.maxTokens;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [(inputShape as Shape)[0]!, 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
      const count = tf.maximum(tf.sum(keepMask(ids), 1, true), 1);
      return tf.mul(tf.log(count), 1 / Math.log(this.maxTokens));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), maxTokens: this.maxTokens };
  }
}

/** Layer names the exporter reads; `conv(k)` and `pool(k)` per kernel width. */
export const CONTENT_CNN_LAYERS = {
  embedding: 'byte_embedding',
  conv: (width: number) => `conv_k${width}`,
  pool: (width: number) => `pool_k${width}`,
  mean: (width: number) => `mean_k${width}`,
  contentEmbedding: 'content_embedding',
  length: 'length_feature',
  head: 'head_input',
  dense: 'dense_hidden',
  output: 'relative_engagement',
} as const;

/**
 * Builds (does not compile) the content CNN with an input of any length `[b, T]`; its one output
 * is the relative engagement [b, 1]. Allocates tfjs variables on the active backend; the caller
 * owns the network and disposes it. See `withEmbedding` for the embedding as a second output.
 */
export function buildContentCnnNetwork(options: ContentCnnArchitectureOptions = {}): tfl.LayersModel {
  const o = resolveContentCnnArchitecture(options);
  // One sub-seed per initializer: the same seed for every layer would give correlated weights.
  let seedIndex = 0;
  const nextSeed = () => deriveSeed(o.seed, seedIndex++);
  const L = CONTENT_CNN_LAYERS;

  const tokens = tfl.input({ shape: [null], name: 'tokens' });
  const embedded = new ByteEmbedding({ name: L.embedding, vocab: o.vocab, dims: o.embedding, seed: nextSeed() }).apply(tokens) as tfl.SymbolicTensor;
  const means: tfl.SymbolicTensor[] = [];
  const pooled = o.kernels.map((width) => {
    const activations = new ByteConv({ name: L.conv(width), width, filters: o.filters, seed: nextSeed() }).apply(embedded) as tfl.SymbolicTensor;
    if (o.meanPool) means.push(new MaskedMeanPool({ name: L.mean(width) }).apply([activations, tokens]) as tfl.SymbolicTensor);
    return new MaskedMaxPool({ name: L.pool(width) }).apply([activations, tokens]) as tfl.SymbolicTensor;
  });
  const contentEmbedding = (pooled.length === 1 ? pooled[0]! : tfl.layers.concatenate({ name: L.contentEmbedding, axis: 1 }).apply(pooled)) as tfl.SymbolicTensor;
  const length = new LengthFeature({ name: L.length, maxTokens: o.maxTokens }).apply(tokens) as tfl.SymbolicTensor;
  let head = tfl.layers.concatenate({ name: L.head, axis: 1 }).apply([contentEmbedding, ...means, length]) as tfl.SymbolicTensor;
  if (o.dropout > 0) head = tfl.layers.dropout({ name: 'dropout', rate: o.dropout }).apply(head) as tfl.SymbolicTensor;
  const dense = tfl.layers
    .dense({ name: L.dense, units: o.dense, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: nextSeed() }), biasInitializer: 'zeros' })
    .apply(head) as tfl.SymbolicTensor;
  const output = tfl.layers
    .dense({ name: L.output, units: 1, activation: 'linear', kernelInitializer: tfl.initializers.glorotUniform({ seed: nextSeed() }), biasInitializer: 'zeros' })
    .apply(dense) as tfl.SymbolicTensor;
  return tfl.model({ name: 'content_cnn', inputs: tokens, outputs: output });
}

/** The same network (shared layers and weights) with two outputs: [relative engagement [b, 1], content embedding [b, E]]. */
export function withEmbedding(network: tfl.LayersModel): tfl.LayersModel {
  const embedding = network.layers.find((l) => l.name === CONTENT_CNN_LAYERS.contentEmbedding) ?? network.layers.find((l) => l.name.startsWith('pool_k'));
  if (!embedding) throw new ContentCnnArchitectureError(`the network has no ${CONTENT_CNN_LAYERS.contentEmbedding} layer`);
  return tfl.model({ name: 'content_cnn_with_embedding', inputs: network.inputs, outputs: [network.outputs[0]!, embedding.output as tfl.SymbolicTensor] });
}
