/**
 * What a trained content-viral model carries beside its ONNX bytes: the io contract the model kit
 * serves by, the tokenizer it was trained with, its architecture, how it was trained, the
 * calibration that turns its logit into a probability, and its held-out numbers against the
 * baseline.
 */
import { CONTENT_BYTE_OFFSET, CONTENT_CLS, CONTENT_PAD, CONTENT_TRUNCATED, CONTENT_VOCAB } from '../content/tokenizer.js';
import type { ModelIo, ServedModelMetadata } from '../runtime/model-io.js';
import type { ModelReference } from '../evaluation/reference-statistics.js';
import type { ViralCalibration } from './calibration.js';
import type { ViralArchitecture } from './training/architecture.js';
import type { ViralEpochRecord } from './training/train-network.js';

export const CONTENT_VIRAL_MODEL_NAME = 'content-viral';

/** The model's tensors in the ONNX graph. */
export const VIRAL_ONNX_INPUT = 'tokens';
export const VIRAL_ONNX_OUTPUT = 'viral_logit';

/** How texts become token ids (models/src/content/tokenizer.ts, token-window.ts): what serving must reproduce. */
export interface ViralTokenizer {
  kind: 'utf8-bytes';
  vocab: number;
  maxTokens: number;
  /** Bytes of a long text's end kept after the truncation mark (token-window.ts). */
  tailTokens: number;
  pad: number;
  cls: number;
  truncated: number;
  byteOffset: number;
}

/** Ranking and probability quality of scores against the viral labels of one set of posts. */
export interface ViralHeldOutMetrics {
  posts: number;
  /** Posts labelled viral (their channel's top decile). */
  viral: number;
  channels: number;
  /** ROC-AUC and Brier score of the calibrated score. */
  auc: number;
  brier: number;
  /** The same for the baseline (fitViralBaseline: text length, media, hour). */
  baselineAuc: number;
  baselineBrier: number;
}

/** Stated probability against the observed share of viral posts, by decile of the score. */
export interface ViralReliabilityRow {
  from: number;
  to: number;
  posts: number;
  meanScore: number;
  viralShare: number;
}

export interface ViralModelMetadata extends ServedModelMetadata {
  name: typeof CONTENT_VIRAL_MODEL_NAME;
  version: string;
  format: { onnxOpset: number; irVersion: number; sha256: string; bytes: number };
  io: ModelIo;
  tokenizer: ViralTokenizer;
  architecture: ViralArchitecture;
  training: {
    seed: number;
    backend: string;
    epochs: number;
    /** Training posts drawn per epoch. */
    examplesPerEpoch: number;
    bestEpoch: number;
    /** The weights are the average of the epochs from this one to bestEpoch; null: bestEpoch's own. */
    averagedFrom: number | null;
    batchSize: number;
    /** Adam's peak rate, reached after warmupSteps and decayed linearly to a tenth. */
    learningRate: number;
    warmupSteps: number;
    loss: string;
    /** Weight of a viral example's loss against a non-viral one's. */
    positiveWeight: number;
    seconds: number;
    history: ViralEpochRecord[];
  };
  data: {
    source: string;
    simulator: { seed: number; channels: number; days: number; endDate: string };
    split: { train: number; calibration: number; test: number };
    examples: { train: number; calibration: number; test: number };
    /** Share of viral posts among the training examples. */
    trainViralShare: number;
    /** Channels from files trained on besides the simulator's (their early part only), with their example counts. */
    files?: { channels: number; examples: number; ids: string[] };
    dataRange: { from: string; to: string };
  };
  calibration: ViralCalibration;
  metrics: {
    /** Held-out simulated channels: never trained on, not used to pick the epoch or calibrate. */
    test: ViralHeldOutMetrics;
    reliability: ViralReliabilityRow[];
    parity: { samples: number; maxAbsDiff: number };
  };
  /** The training texts' drift features (drift-features.ts), summarised for data drift; absent on versions made before them (`pnpm reference` adds them). */
  reference?: ModelReference;
  /** `pnpm train`'s evaluation of this model on data it never trained on (a ModelReport, models/src/evaluation). */
  evaluation?: unknown;
}

/** The tokenizer of a model reading `maxTokens` tokens, the last `tailTokens` of them a long text's end. */
export function viralTokenizer(maxTokens: number, tailTokens: number): ViralTokenizer {
  return { kind: 'utf8-bytes', vocab: CONTENT_VOCAB, maxTokens, tailTokens, pad: CONTENT_PAD, cls: CONTENT_CLS, truncated: CONTENT_TRUNCATED, byteOffset: CONTENT_BYTE_OFFSET };
}

/** The io contract of a content-viral model reading `maxTokens` tokens. */
export function viralIo(maxTokens: number): ModelIo {
  return {
    inputs: [
      {
        name: VIRAL_ONNX_INPUT,
        shape: ['batch', maxTokens],
        dtype: 'float32',
        description: "token ids of the text (tokenizer: utf8-bytes) as float32: CLS, UTF-8 bytes + byteOffset, PAD (0) to the end; a long text's head, TRUNCATED and its tail",
      },
    ],
    outputs: [{ name: VIRAL_ONNX_OUTPUT, shape: ['batch', 1], dtype: 'float32', description: "logit of P(the post lands in its channel's top decile of (forwards + reactions) per view), before calibration" }],
  };
}
