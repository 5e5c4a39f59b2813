/**
 * Everything known about a trained content CNN, committed next to its ONNX bytes: its io
 * contract, tokenizer, architecture, training run, data, held-out rank correlation against the
 * length + media + hour baseline, and export parity.
 */
import type { ModelIo, ServedModelMetadata } from '../runtime/model-io.js';
import type { FeatureStats } from '../training/feature-stats.js';
import type { TrainingDataRecord } from '../training/training-run.js';
import type { ContentCnnArchitecture } from './training/architecture.js';

/** The content CNN's tensors in the ONNX graph. */
export const CONTENT_CNN_ONNX_INPUT = 'tokens';
export const CONTENT_CNN_ONNX_OUTPUT = 'relative_engagement';
export const CONTENT_CNN_ONNX_EMBEDDING = 'embedding';

/** The model against the baseline on one set of held-out posts. */
export interface ContentCnnHeldOutMetrics {
  channels: number;
  posts: number;
  /** Spearman correlation of the model's estimate with the observed relative engagement. */
  spearman: number | null;
  /** The same for the baseline (least squares on ln length, media and hour; content-baselines.ts). */
  baselineSpearman: number | null;
  /** Mean absolute error of the estimate in ln units, and the baseline's. */
  mae: number;
  baselineMae: number;
}

/** Everything known about a trained content CNN. */
export interface ContentCnnModelMetadata extends ServedModelMetadata {
  name: 'content-cnn';
  version: string;
  format: { onnxOpset: number; irVersion: number; sha256: string; bytes: number };
  io: ModelIo;
  /** How texts become the input: the byte tokenizer's ids (content/tokenizer.ts), maxTokens per text. */
  tokenizer: { kind: 'bytes'; vocab: number; maxTokens: number; pad: number; cls: number; truncated: number; byteOffset: number };
  architecture: ContentCnnArchitecture;
  training: {
    seed: number;
    backend: string;
    epochs: number;
    bestEpoch: number;
    batchSize: number;
    learningRate: number;
    loss: string;
    history: { epoch: number; trainLoss: number; validationLoss: number; validationSpearman: number | null }[];
  };
  /** The data it learned from; dataRange: the first and last post dates. */
  data: TrainingDataRecord;
  metrics: {
    /** On the held-out simulated channels. */
    test: ContentCnnHeldOutMetrics;
    parity: { samples: number; maxAbsDiff: number; maxEmbeddingAbsDiff: number };
  };
  /** Of the training texts' token counts, for drift detection. */
  featureStats: { tokens: FeatureStats; truncatedShare: number };
  /** Of the relative engagement the model learns. */
  targetStats: FeatureStats;
  /** `pnpm train`'s evaluation of this model on data it never trained on (a content CNN report, models/src/evaluation). */
  evaluation?: unknown;
}

/** The io contract of a content CNN reading `maxTokens` tokens and giving an `embeddingDims` embedding. */
export function contentCnnIo(maxTokens: number, embeddingDims: number): ModelIo {
  return {
    inputs: [
      {
        name: CONTENT_CNN_ONNX_INPUT,
        shape: ['batch', maxTokens],
        dtype: 'float32',
        description: `per row: a text's token ids (content/tokenizer.ts, as whole float32 numbers): CLS, its UTF-8 bytes + 3, then PAD (0); TRUNCATED (2) last when it did not fit`,
      },
    ],
    outputs: [
      {
        name: CONTENT_CNN_ONNX_OUTPUT,
        shape: ['batch', 1],
        dtype: 'float32',
        description: "per row: the post's engagement rate relative to its channel's level, ln((rate + 1e-4) / (channel median + 1e-4)), as its text suggests",
      },
      {
        name: CONTENT_CNN_ONNX_EMBEDDING,
        shape: ['batch', embeddingDims],
        dtype: 'float32',
        description: 'per row: the content embedding, the max-pooled convolution features (each ≥ 0)',
      },
    ],
  };
}
