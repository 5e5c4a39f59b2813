import type { ModelIo, ServedModelMetadata } from '../runtime/model-io.js';
import type { FeatureStats } from '../training/feature-stats.js';
import type { ModelReference } from '../evaluation/reference-statistics.js';
import type { TrainingDataRecord } from '../training/training-run.js';
import type { EngagementArchitecture } from './training/architecture.js';
import type { ConfidenceModel } from './confidence.js';
import { INPUT_COLUMNS } from './features.js';

/** The engagement model's tensors in the ONNX graph. */
export const ENGAGEMENT_ONNX_INPUT = 'history';
export const ENGAGEMENT_ONNX_OUTPUT = 'engagement';

/** Error of a model against the baseline on one set of examples. */
export interface HeldOutMetrics {
  examples: number;
  /** Mean absolute error of the predicted engagement rate. */
  mae: number;
  /** The same for the baseline: the median rate of the channel's previous 16 posts (rolling-16). */
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
export interface EngagementModelMetadata extends ServedModelMetadata {
  name: 'engagement';
  version: string;
  format: { onnxOpset: number; irVersion: number; sha256: string; bytes: number };
  io: ModelIo;
  /** The columns of the input's last axis, in order (see features.ts). */
  postFeatures: readonly string[];
  architecture: EngagementArchitecture;
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
  /** The data it learned from; dataRange: the first and last post dates. */
  data: TrainingDataRecord;
  /** A history shorter than minHistory is not given to the model: the baseline answers, with this confidence (its hit rate on such histories). */
  fallback: { minHistory: number; confidence: number };
  metrics: {
    test: HeldOutMetrics & { withEarlyCounts: HeldOutMetrics; withoutEarlyCounts: HeldOutMetrics };
    parity: { samples: number; maxAbsDiff: number };
  };
  confidence: ConfidenceModel & { signals: readonly string[]; tolerance: { relative: number; absolute: number }; calibration: CalibrationRow[] };
  /** Reference statistics of the training inputs' history rows, per feature, for drift detection. */
  featureStats: Record<string, FeatureStats>;
  targetStats: FeatureStats;
  /** The training inputs' drift features (drift-features.ts), summarised for data drift; absent on versions made before them (`pnpm reference` adds them). */
  reference?: ModelReference;
  /** `pnpm train`'s evaluation of this model on data it never trained on (an EvaluationReport, models/src/evaluation). */
  evaluation?: unknown;
}

/** The io contract of an engagement model reading `historyPosts` past posts. */
export function engagementIo(historyPosts: number): ModelIo {
  return {
    inputs: [
      {
        name: ENGAGEMENT_ONNX_INPUT,
        shape: ['batch', historyPosts + 1, INPUT_COLUMNS.length],
        dtype: 'float32',
        description: `per row: the channel's last ${historyPosts} posts, oldest first (zero rows pad a shorter history), then the candidate post; columns: postFeatures`,
      },
    ],
    outputs: [
      {
        name: ENGAGEMENT_ONNX_OUTPUT,
        shape: ['batch', 2],
        dtype: 'float32',
        description:
          "per row: the candidate's engagement rate (forwards + replies + reactions) / views as the log ratio to the history's level (features.ts ratioToRate), then the log scale of a Laplace distribution around it (confidence.ts)",
      },
    ],
  };
}

/** The first metadata layout (model 1.0.0 as trained; registries seeded before `io` still hold it). */
interface LegacyEngagementMetadata {
  input: { name: string; shape: [string, number, number]; features: readonly string[]; window: number };
  output: { name: string; shape: [string, number]; meaning: string };
  architecture: Omit<EngagementArchitecture, 'historyPosts'> & { window: number };
  data: Omit<EngagementModelMetadata['data'], 'dataRange'> & { window: { from: string; to: string } };
}

/**
 * Brings engagement metadata to the current layout: the shared `io` contract in place of
 * `input`/`output`, `postFeatures`, and `historyPosts` / `dataRange` for what the first layout
 * called `window`. Current metadata comes back as it is. Pure; the ONNX bytes are untouched.
 */
export function upgradeEngagementMetadata(raw: unknown): EngagementModelMetadata {
  const metadata = raw as Partial<EngagementModelMetadata> & Partial<LegacyEngagementMetadata>;
  if (!metadata.input || metadata.io) return metadata as EngagementModelMetadata;
  const { input, output, architecture, data, ...rest } = metadata as Omit<EngagementModelMetadata, 'architecture' | 'data' | 'io' | 'postFeatures'> & LegacyEngagementMetadata;
  const io = legacyIo(input, output);
  const { window: historyPosts, ...layers } = architecture;
  const { window: dataRange, ...dataRest } = data;
  // Key order as the trainer writes it, so an upgraded file diffs cleanly against a retrained one.
  const { name, version, format, training, ...evaluation } = rest;
  return {
    name,
    version,
    format,
    io,
    postFeatures: input.features,
    architecture: { historyPosts, ...layers },
    training,
    data: { ...dataRest, dataRange },
    ...evaluation,
  } as EngagementModelMetadata;
}

/** The contract of the first layout's model (1.0.0: 8 columns, one sigmoid rate), in the shared `io` form; the tensor names are the graph's. */
function legacyIo(input: LegacyEngagementMetadata['input'], output: LegacyEngagementMetadata['output']): ModelIo {
  return {
    inputs: [
      {
        name: input.name,
        shape: ['batch', input.window + 1, input.features.length],
        dtype: 'float32',
        description: `per row: the channel's last ${input.window} posts, oldest first (zero rows pad a shorter history), then the candidate post; columns: postFeatures`,
      },
    ],
    outputs: [{ name: output.name, shape: ['batch', output.shape[1]], dtype: 'float32', description: 'engagement rate (forwards + replies + reactions) / views of the candidate post' }],
  };
}
