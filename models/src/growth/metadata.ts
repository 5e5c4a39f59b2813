/**
 * Everything known about a trained growth model, committed next to its ONNX bytes: its io
 * contract, architecture, training run, data, held-out metrics against the seasonal-naive
 * baseline, interval coverage and the reference statistics of its inputs.
 */
import type { ModelIo, ServedModelMetadata } from '../runtime/model-io.js';
import type { FeatureStats } from '../training/feature-stats.js';
import type { ModelReference } from '../evaluation/reference-statistics.js';
import type { TrainingDataRecord } from '../training/training-run.js';
import { GROWTH_COLUMNS } from './features.js';
import { GROWTH_QUANTILES } from './series.js';
import type { GrowthArchitecture } from './training/architecture.js';

/** The growth model's tensors in the ONNX graph. */
export const GROWTH_ONNX_INPUT = 'history';
export const GROWTH_ONNX_OUTPUT = 'quantiles';

/** The model against the seasonal-naive baseline at one horizon, on held-out channels. */
export interface HorizonMetrics {
  /** Days ahead. */
  days: number;
  /** Forecasts judged (channels × origins). */
  forecasts: number;
  /** Mean absolute error of the median in subscribers, pooled over every forecast. */
  mae: number;
  baselineMae: number;
  /** Per channel MAE(model) / MAE(seasonal naive on daily gains), then the median over channels: the target (≤ 0.85). */
  relativeMae: number;
  /** Share of actual counts inside the 80 % and 95 % intervals. */
  coverage80: number;
  coverage95: number;
}

export interface GrowthHeldOutMetrics {
  channels: number;
  forecasts: number;
  horizons: HorizonMetrics[];
  /** Coverage over every day 1..horizon of every forecast. */
  coverage80: number;
  coverage95: number;
  /** Mean pinball loss of the five quantiles of the log ratio, over every day. */
  pinball: number;
}

/** Everything known about a trained growth model. */
export interface GrowthModelMetadata extends ServedModelMetadata {
  name: 'growth';
  version: string;
  format: { onnxOpset: number; irVersion: number; sha256: string; bytes: number };
  io: ModelIo;
  /** The columns of the input's last axis, in order (see features.ts). */
  dayFeatures: readonly string[];
  /** The output's last axis, in order. */
  quantiles: readonly number[];
  architecture: GrowthArchitecture;
  training: {
    seed: number;
    backend: string;
    epochs: number;
    /** The epoch whose weights were kept; the last one when the weights are an average. */
    bestEpoch: number;
    /** The weights are the average of the weights after each epoch from this one to the last. */
    averagedFrom?: number;
    batchSize: number;
    learningRate: number;
    loss: string;
    history: { epoch: number; trainLoss: number; validationLoss: number; validationMae: number }[];
  };
  /** The data it learned from (files: their early days only; dataRange: the first and last days). */
  data: TrainingDataRecord & {
    /** How forecast origins were drawn from each channel, and how histories were perturbed. */
    origins: { stride: number; heldOutStride: number; activityDropShare: number; gapShare: number; shortShare: number };
  };
  /** The widths' multipliers fitted on the calibration channels after training (1 when not fitted), with those channels' coverage of every day before and after. */
  intervals: {
    widthScales: number[];
    before: { coverage80: number; coverage95: number };
    after: { coverage80: number; coverage95: number };
  };
  metrics: {
    test: GrowthHeldOutMetrics;
    parity: { samples: number; maxAbsDiff: number };
  };
  /** Reference statistics of the training inputs' present rows, per column, for drift detection. */
  featureStats: Record<string, FeatureStats>;
  /** Of the 30-day log ratio the model learns. */
  targetStats: FeatureStats;
  /** The training inputs' drift features (drift-features.ts), summarised for data drift; absent on versions made before them (`pnpm reference` adds them). */
  reference?: ModelReference;
  /** `pnpm train`'s evaluation of this model on data it never trained on (an EvaluationReport), when a growth evaluator exists. */
  evaluation?: unknown;
}

/** The io contract of a growth model reading `window` days of GROWTH_COLUMNS and forecasting `horizon` days. */
export function growthIo(window: number, horizon: number): ModelIo {
  return {
    inputs: [
      {
        name: GROWTH_ONNX_INPUT,
        shape: ['batch', window, GROWTH_COLUMNS.length],
        dtype: 'float32',
        description: `per row: the channel's last ${window} days up to the forecast origin, oldest first (zero rows pad a shorter history); columns: dayFeatures`,
      },
    ],
    outputs: [
      {
        name: GROWTH_ONNX_OUTPUT,
        shape: ['batch', horizon, GROWTH_QUANTILES.length],
        dtype: 'float32',
        description: `per row and day 1..${horizon} after the origin: the quantiles ${GROWTH_QUANTILES.join(', ')} of ln(count on that day / count on the origin), non-decreasing`,
      },
    ],
  };
}
