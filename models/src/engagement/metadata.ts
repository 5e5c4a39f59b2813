import type { FeatureStats } from '../training/feature-stats.js';
import type { ResolvedEngagementModelOptions } from './architecture.js';
import type { ConfidenceModel } from './confidence.js';

/** Error of a model against the baseline on one set of examples. */
export interface HeldOutMetrics {
  examples: number;
  /** Mean absolute error of the predicted engagement rate. */
  mae: number;
  /** The same for the baseline: the channel's median rate over the history the model read. */
  baselineMae: number;
  /** 1 - mae / baselineMae. */
  improvement: number;
}

export interface CalibrationRow {
  /** Confidence range of the bucket (quintiles of the held-out confidences). */
  from: number;
  to: number;
  examples: number;
  meanConfidence: number;
  /** Share of predictions within the hit tolerance: calibrated when close to meanConfidence. */
  hitRate: number;
  mae: number;
}

/** Everything known about a trained engagement model, committed next to its ONNX bytes. */
export interface EngagementModelMetadata {
  name: 'engagement';
  version: string;
  format: { onnxOpset: number; irVersion: number; sha256: string; bytes: number };
  input: { name: string; shape: [string, number, number]; features: readonly string[]; window: number };
  output: { name: string; shape: [string, number]; meaning: string };
  architecture: ResolvedEngagementModelOptions;
  training: {
    seed: number;
    backend: string;
    epochs: number;
    bestEpoch: number;
    batchSize: number;
    learningRate: number;
    loss: string;
    earlyShare: number;
    history: { epoch: number; trainLoss: number; calibrationMae: number }[];
  };
  data: {
    source: string;
    simulator: { seed: number; channels: number; days: number; endDate: string };
    split: { train: number; calibration: number; test: number };
    examples: { train: number; calibration: number; test: number };
    /** First and last post dates the examples were built from. */
    window: { from: string; to: string };
  };
  metrics: {
    test: HeldOutMetrics & { withEarlyCounts: HeldOutMetrics; withoutEarlyCounts: HeldOutMetrics };
    /** Real channels under ../shared/data, when present at training time: evaluation only. */
    real: Record<string, HeldOutMetrics>;
    parity: { samples: number; maxAbsDiff: number };
  };
  confidence: ConfidenceModel & { signals: readonly string[]; tolerance: { relative: number; absolute: number }; calibration: CalibrationRow[] };
  /** Reference statistics of the training inputs' history rows, per feature, for drift detection. */
  featureStats: Record<string, FeatureStats>;
  targetStats: FeatureStats;
}
