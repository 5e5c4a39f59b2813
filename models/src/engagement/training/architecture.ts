/**
 * The engagement network: stacked LSTMs over a channel's recent posts plus the candidate post,
 * then a small dense head with two linear outputs: the candidate's engagement rate as the log
 * ratio to the channel's level, and the log scale of a Laplace distribution around it (see
 * features.ts and confidence.ts).
 *
 * Every choice here is one ONNX's LSTM can reproduce exactly (see export-onnx.ts): sigmoid gates
 * (tfjs defaults to hardSigmoid, which ONNX's default activations do not match), tanh cell, a
 * bias on the input side only. Change one and the exporter must learn it too.
 */
import * as tfl from '@tensorflow/tfjs-layers';
// For its side effects only: tfjs-layers needs tfjs-core's gradients and chained ops registered.
import '../../training/tf.js';
import { assertSeed, deriveSeed } from '../../training/random.js';
import { HISTORY_POSTS, FEATURES_PER_POST } from '../features.js';

/** Features per post; the contract lives in features.ts. */
export const ENGAGEMENT_FEATURE_COUNT = FEATURES_PER_POST;

export interface EngagementArchitectureOptions {
  /** Past posts of the channel fed before the candidate; the network sees `historyPosts + 1` steps. */
  historyPosts?: number;
  /** Features per step. */
  features?: number;
  /** Units of every LSTM layer. */
  hidden?: number;
  /** Stacked LSTM layers, 1 to 3. */
  layers?: number;
  /** Units of the hidden dense layer. */
  dense?: number;
  /** Dropout rate after each LSTM, in [0, 1); 0 leaves the Dropout layers out. */
  dropout?: number;
  /** Seeds every initializer; the same seed builds the same weights. */
  seed?: number;
}

/** Every architecture option, resolved: what the metadata records. */
export type EngagementArchitecture = Required<EngagementArchitectureOptions>;

export const ENGAGEMENT_ARCHITECTURE_DEFAULTS: Readonly<EngagementArchitecture> = Object.freeze({
  historyPosts: HISTORY_POSTS,
  features: ENGAGEMENT_FEATURE_COUNT,
  hidden: 48,
  layers: 1,
  dense: 32,
  dropout: 0.1,
  seed: 42,
});

export const MAX_LSTM_LAYERS = 3;

/** The log ratio and the log Laplace scale. */
export const ENGAGEMENT_OUTPUTS = 2;

/** An architecture option is out of range; the message names the option and the value. */
export class EngagementArchitectureError extends RangeError {
  override readonly name = 'EngagementArchitectureError';
  readonly code = 'INVALID_MODEL_OPTION';
}

function positiveInt(options: EngagementArchitecture, key: keyof EngagementArchitectureOptions, max = Infinity): void {
  const value = options[key];
  if (!Number.isInteger(value) || value < 1 || value > max) {
    const range = Number.isFinite(max) ? `an integer from 1 to ${max}` : 'a positive integer';
    throw new EngagementArchitectureError(`engagement architecture option ${key} must be ${range}, got ${String(value)}`);
  }
}

/** Fills in defaults and validates; throws EngagementArchitectureError naming the bad option. */
export function resolveEngagementArchitecture(options: EngagementArchitectureOptions = {}): EngagementArchitecture {
  const resolved: EngagementArchitecture = { ...ENGAGEMENT_ARCHITECTURE_DEFAULTS };
  for (const [key, value] of Object.entries(options) as [keyof EngagementArchitectureOptions, number | undefined][]) {
    if (value !== undefined) resolved[key] = value;
  }
  positiveInt(resolved, 'historyPosts');
  positiveInt(resolved, 'features');
  positiveInt(resolved, 'hidden');
  positiveInt(resolved, 'layers', MAX_LSTM_LAYERS);
  positiveInt(resolved, 'dense');
  if (!(resolved.dropout >= 0 && resolved.dropout < 1)) {
    throw new EngagementArchitectureError(`engagement architecture option dropout must be in [0, 1), got ${String(resolved.dropout)}`);
  }
  try {
    assertSeed(resolved.seed, 'engagement architecture option seed');
  } catch (cause) {
    throw new EngagementArchitectureError((cause as Error).message, { cause });
  }
  return resolved;
}

/**
 * Builds (does not compile) the engagement network: input `[historyPosts + 1, features]`,
 * `layers` LSTMs each followed by Dropout, Dense(dense, relu), Dense(2, linear). Allocates tfjs
 * variables on the active backend; the caller owns the network and disposes it.
 */
export function buildEngagementNetwork(options: EngagementArchitectureOptions = {}): tfl.LayersModel {
  const o = resolveEngagementArchitecture(options);
  // One sub-seed per initializer: the same seed for every layer would give correlated weights.
  let seedIndex = 0;
  const nextSeed = (): number => deriveSeed(o.seed, seedIndex++);

  const model = tfl.sequential({ name: 'engagement' });
  for (let i = 0; i < o.layers; i++) {
    const last = i === o.layers - 1;
    model.add(
      tfl.layers.lstm({
        name: `lstm_${i}`,
        ...(i === 0 ? { inputShape: [o.historyPosts + 1, o.features] } : {}),
        units: o.hidden,
        activation: 'tanh',
        recurrentActivation: 'sigmoid',
        returnSequences: !last,
        useBias: true,
        unitForgetBias: true,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: nextSeed() }),
        recurrentInitializer: tfl.initializers.orthogonal({ seed: nextSeed() }),
        biasInitializer: 'zeros',
      }),
    );
    if (o.dropout > 0) model.add(tfl.layers.dropout({ name: `dropout_${i}`, rate: o.dropout }));
  }
  model.add(
    tfl.layers.dense({
      name: 'dense_hidden',
      units: o.dense,
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: nextSeed() }),
      biasInitializer: 'zeros',
    }),
  );
  model.add(
    tfl.layers.dense({
      name: 'engagement_out',
      units: ENGAGEMENT_OUTPUTS,
      activation: 'linear',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: nextSeed() }),
      biasInitializer: 'zeros',
    }),
  );
  return model;
}
