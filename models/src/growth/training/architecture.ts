/**
 * The growth network: a GRU over the channel's last days, additive attention over its states,
 * a dense layer, and a head that turns raw outputs into quantile paths that cannot cross.
 *
 *   history [window, features]
 *   → GRU (units, every step's state)
 *   → attention: Dense(attention, tanh) and Dense(1) per step score the states; a softmax over
 *     the days that are present (padding rows weigh nothing) weighs them; their weighted sum is
 *     joined with the last state (AttentionPooling)
 *   → Dense(dense, relu) → Dense(horizon × 5, linear)
 *   → QuantileHead: for each day ahead, a median increment and four widths; the median path is
 *     the running sum of the increments, each width the running sum of softplus outputs, so
 *     q0.025 ≤ q0.1 ≤ q0.5 ≤ q0.9 ≤ q0.975 on every day and the intervals can only widen with the
 *     horizon → quantiles [horizon, 5] of ln(count_{origin+d} / count_origin).
 *
 * Every choice here is one ONNX can reproduce exactly (see export-onnx.ts): sigmoid gates (tfjs
 * defaults to hardSigmoid, which ONNX's GRU does not have as default), the gate applied before
 * the recurrent product (`resetAfter` false: ONNX linear_before_reset 0), a bias on the input
 * side only. Change one and the exporter must learn it too.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
// For its side effects only: tfjs-layers needs tfjs-core's gradients and chained ops registered.
import '../../training/tf.js';
import { assertSeed, deriveSeed } from '../../training/random.js';
import { GROWTH_FEATURES, growthColumn } from '../features.js';
import { GROWTH_HORIZON, GROWTH_QUANTILES, GROWTH_WINDOW } from '../series.js';

export interface GrowthArchitectureOptions {
  /** Days the network reads. */
  window?: number;
  /** Features per day. */
  features?: number;
  /** Days ahead it forecasts. */
  horizon?: number;
  /** Units of the GRU. */
  hidden?: number;
  /** Units of the attention's tanh layer. */
  attention?: number;
  /** Units of the hidden dense layer. */
  dense?: number;
  /** Dropout rate before the hidden dense layer, in [0, 1); 0 leaves the Dropout layer out. */
  dropout?: number;
  /** What one unit of the head's raw outputs means in ln(count ratio): the median's daily step and the widths' daily growth. */
  unitScale?: number;
  /** Seeds every initializer; the same seed builds the same weights. */
  seed?: number;
}

/** Every architecture option, resolved: what the metadata records. */
export type GrowthArchitecture = Required<GrowthArchitectureOptions>;

export const GROWTH_ARCHITECTURE_DEFAULTS: Readonly<GrowthArchitecture> = Object.freeze({
  window: GROWTH_WINDOW,
  features: GROWTH_FEATURES,
  horizon: GROWTH_HORIZON,
  hidden: 32,
  attention: 16,
  dense: 64,
  dropout: 0,
  unitScale: 0.01,
  seed: 42,
});

/** Quantiles per forecast day, in GROWTH_QUANTILES order. */
export const QUANTILE_COUNT = GROWTH_QUANTILES.length;

/** An architecture option is out of range; the message names the option and the value. */
export class GrowthArchitectureError extends RangeError {
  override readonly name = 'GrowthArchitectureError';
  readonly code = 'INVALID_MODEL_OPTION';
}

/** Fills in defaults and validates; throws GrowthArchitectureError naming the bad option. */
export function resolveGrowthArchitecture(options: GrowthArchitectureOptions = {}): GrowthArchitecture {
  const resolved: GrowthArchitecture = { ...GROWTH_ARCHITECTURE_DEFAULTS };
  for (const [key, value] of Object.entries(options) as [keyof GrowthArchitectureOptions, number | undefined][]) {
    if (value !== undefined) resolved[key] = value;
  }
  for (const key of ['window', 'features', 'horizon', 'hidden', 'attention', 'dense'] as const) {
    const value = resolved[key];
    if (!Number.isInteger(value) || value < 1) throw new GrowthArchitectureError(`growth architecture option ${key} must be a positive integer, got ${String(value)}`);
  }
  if (resolved.features <= growthColumn('present')) {
    throw new GrowthArchitectureError(`growth architecture option features must be more than ${growthColumn('present')} (the attention reads the present column), got ${resolved.features}`);
  }
  if (!(resolved.dropout >= 0 && resolved.dropout < 1)) throw new GrowthArchitectureError(`growth architecture option dropout must be in [0, 1), got ${String(resolved.dropout)}`);
  if (!(resolved.unitScale > 0 && Number.isFinite(resolved.unitScale))) {
    throw new GrowthArchitectureError(`growth architecture option unitScale must be a positive number, got ${String(resolved.unitScale)}`);
  }
  try {
    assertSeed(resolved.seed, 'growth architecture option seed');
  } catch (cause) {
    throw new GrowthArchitectureError((cause as Error).message, { cause });
  }
  return resolved;
}

type Shape = (number | null)[];

/** Keeps the softmax finite when every row of an input is padding (never in real inputs: a forecast needs 28 days). */
export const ATTENTION_EPSILON = 1e-9;

/**
 * Inputs [states [b, T, H], scores [b, T, 1], history [b, T, F]] → [b, 2H]: the attention-weighted
 * sum of the states, then the last state. The weights are a softmax of the scores over the days,
 * each day's weight multiplied by its `present` value before normalising, so padding rows weigh
 * nothing. No weights of its own.
 */
export class AttentionPooling extends tfl.layers.Layer {
  static readonly className = 'GrowthAttentionPooling';
  readonly presentColumn: number;

  constructor(args: { name?: string; presentColumn: number }) {
    super({ name: args.name });
    this.presentColumn = args.presentColumn;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [states] = inputShape as Shape[];
    return [states![0]!, 2 * (states![2] as number)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [states, scores, history] = inputs as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
      const [batch, steps] = states.shape;
      const present = tf.slice(history, [0, 0, this.presentColumn], [-1, -1, 1]);
      const raw = tf.mul(tf.exp(tf.sub(scores, tf.max(scores, 1, true))), present);
      const weights = tf.div(raw, tf.add(tf.sum(raw, 1, true), ATTENTION_EPSILON));
      const context = tf.sum(tf.mul(states, weights), 1);
      const last = tf.reshape(tf.slice(states, [0, steps - 1, 0], [-1, 1, -1]), [batch, -1]);
      return tf.concat([context, last], 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), presentColumn: this.presentColumn };
  }
}

/**
 * The widths' signs: quantile j = median + Σ_k offsets[k] × WIDTH_SIGNS[k][j], offsets in order
 * a (median → q0.1), b (q0.1 → q0.025), c (median → q0.9), d (q0.9 → q0.975), all ≥ 0.
 */
export const WIDTH_SIGNS: readonly (readonly number[])[] = [
  [-1, -1, 0, 0, 0],
  [-1, 0, 0, 0, 0],
  [0, 0, 0, 1, 1],
  [0, 0, 0, 0, 1],
];

/**
 * [b, horizon × 5] raw outputs, per day [increment, a, b, c, d] → [b, horizon, 5] quantiles of
 * the log ratio: median = unitScale × cumsum(increment) over the days, widths = unitScale ×
 * widthScales × cumsum(softplus(a..d)), combined by WIDTH_SIGNS. No weights of its own: the
 * width scales are 1 while training and set once after it, from held-out channels (see
 * calibrate-intervals.ts).
 */
export class QuantileHead extends tfl.layers.Layer {
  static readonly className = 'GrowthQuantileHead';
  readonly horizon: number;
  readonly unitScale: number;
  private scales: number[] = [1, 1, 1, 1];

  constructor(args: { name?: string; horizon: number; unitScale: number }) {
    super({ name: args.name });
    this.horizon = args.horizon;
    this.unitScale = args.unitScale;
  }

  /** The multipliers of the widths a, b, c, d. */
  get widthScales(): readonly number[] {
    return this.scales;
  }

  /** Sets the widths' multipliers (each ≥ 0, so quantiles still cannot cross). */
  setWidthScales(scales: readonly number[]): void {
    if (scales.length !== QUANTILE_COUNT - 1 || !scales.every((s) => s >= 0 && Number.isFinite(s))) {
      throw new GrowthArchitectureError(`width scales must be ${QUANTILE_COUNT - 1} finite numbers >= 0, got [${scales.join(', ')}]`);
    }
    this.scales = [...scales];
  }

  /** unitScale × each width's scale: what multiplies the widths' running sums, in tfjs and in ONNX alike. */
  widthMultipliers(): number[] {
    return this.scales.map((s) => this.unitScale * s);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [(inputShape as Shape)[0]!, this.horizon, QUANTILE_COUNT];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const raw = tf.reshape(Array.isArray(inputs) ? inputs[0]! : inputs, [-1, this.horizon, QUANTILE_COUNT]);
      const median = tf.mul(cumsumOverDays(tf.slice(raw, [0, 0, 0], [-1, -1, 1])), this.unitScale);
      const widths = tf.mul(cumsumOverDays(tf.softplus(tf.slice(raw, [0, 0, 1], [-1, -1, QUANTILE_COUNT - 1]))), tf.tensor1d(this.widthMultipliers()));
      const signs = tf.tensor2d(WIDTH_SIGNS.flat(), [QUANTILE_COUNT - 1, QUANTILE_COUNT]);
      const spread = tf.reshape(tf.matMul(tf.reshape(widths, [-1, QUANTILE_COUNT - 1]), signs), [-1, this.horizon, QUANTILE_COUNT]);
      return tf.add(median, spread);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), horizon: this.horizon, unitScale: this.unitScale, widthScales: [...this.scales] };
  }
}

/**
 * The running sum over axis 1 of [b, days, k]. Taken over the last axis between two transposes:
 * tfjs 4.22's Cumsum gradient transposes wrongly for an inner axis ("gradient of input 'x' has
 * shape [b, k, days]"). The sums themselves are the same sequential sums.
 */
function cumsumOverDays(values: tf.Tensor): tf.Tensor {
  return tf.transpose(tf.cumsum(tf.transpose(values, [0, 2, 1]), 2), [0, 2, 1]);
}

/** Layer names the exporter reads. */
export const GROWTH_LAYERS = {
  gru: 'gru',
  attentionHidden: 'attention_hidden',
  attentionScore: 'attention_score',
  pooling: 'attention_pooling',
  dense: 'dense_hidden',
  raw: 'quantile_raw',
  head: 'quantile_head',
} as const;

/**
 * Builds (does not compile) the growth network. Allocates tfjs variables on the active backend;
 * the caller owns the network and disposes it.
 */
export function buildGrowthNetwork(options: GrowthArchitectureOptions = {}): tfl.LayersModel {
  const o = resolveGrowthArchitecture(options);
  // One sub-seed per initializer: the same seed for every layer would give correlated weights.
  let seedIndex = 0;
  const glorot = () => tfl.initializers.glorotUniform({ seed: deriveSeed(o.seed, seedIndex++) });

  const history = tfl.input({ shape: [o.window, o.features], name: 'history' });
  const states = tfl.layers
    .gru({
      name: GROWTH_LAYERS.gru,
      units: o.hidden,
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      // tfjs's GRU is always "reset before" (resetAfter true throws), which ONNX's default is.
      returnSequences: true,
      useBias: true,
      kernelInitializer: glorot(),
      recurrentInitializer: tfl.initializers.orthogonal({ seed: deriveSeed(o.seed, seedIndex++) }),
      biasInitializer: 'zeros',
    })
    .apply(history) as tfl.SymbolicTensor;
  const hidden = tfl.layers
    .dense({ name: GROWTH_LAYERS.attentionHidden, units: o.attention, activation: 'tanh', kernelInitializer: glorot(), biasInitializer: 'zeros' })
    .apply(states) as tfl.SymbolicTensor;
  const scores = tfl.layers
    .dense({ name: GROWTH_LAYERS.attentionScore, units: 1, activation: 'linear', kernelInitializer: glorot(), biasInitializer: 'zeros' })
    .apply(hidden) as tfl.SymbolicTensor;
  let pooled = new AttentionPooling({ name: GROWTH_LAYERS.pooling, presentColumn: growthColumn('present') }).apply([states, scores, history]) as tfl.SymbolicTensor;
  if (o.dropout > 0) pooled = tfl.layers.dropout({ name: 'dropout', rate: o.dropout }).apply(pooled) as tfl.SymbolicTensor;
  const dense = tfl.layers
    .dense({ name: GROWTH_LAYERS.dense, units: o.dense, activation: 'relu', kernelInitializer: glorot(), biasInitializer: 'zeros' })
    .apply(pooled) as tfl.SymbolicTensor;
  const raw = tfl.layers
    .dense({ name: GROWTH_LAYERS.raw, units: o.horizon * QUANTILE_COUNT, activation: 'linear', kernelInitializer: glorot(), biasInitializer: 'zeros' })
    .apply(dense) as tfl.SymbolicTensor;
  const quantiles = new QuantileHead({ name: GROWTH_LAYERS.head, horizon: o.horizon, unitScale: o.unitScale }).apply(raw) as tfl.SymbolicTensor;
  return tfl.model({ name: 'growth', inputs: history, outputs: quantiles });
}
