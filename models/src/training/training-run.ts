/**
 * What every trainer shares at its edges: the options a training run takes besides its config
 * (`pnpm train` hands them over), and how a trained model's metadata records the data it learned from.
 */
import type { ChannelRecord } from '@telepulse/dataset';
import type { TrainingProgress } from './progress.js';

export interface TrainingRunOptions {
  /** Channels to train on besides the simulator's, already cut to the part training may see (see evaluation/time-split.ts). */
  channels?: readonly ChannelRecord[];
  /** Each trainer says what its `validationMae` measures. */
  onProgress?: (progress: TrainingProgress) => void;
  log?: (line: string) => void;
}

/** How a run was trained, as every model's metadata opens its `training` record. */
export function trainingRecord(config: { data: { seed: number }; backend: string; epochs: number; batchSize: number; learningRate: number }, bestEpoch: number) {
  return { seed: config.data.seed, backend: config.backend, epochs: config.epochs, bestEpoch, batchSize: config.batchSize, learningRate: config.learningRate };
}

/** The data a model was trained and held out on. */
export interface TrainingDataRecord {
  source: string;
  simulator: { seed: number; channels: number; days: number; endDate: string };
  /** Simulated channels per split. */
  split: { train: number; calibration: number; test: number };
  examples: { train: number; calibration: number; test: number };
  /** Channels from files trained on besides the simulator's (their early part only), with their example counts. */
  files?: { channels: number; examples: number; ids: string[] };
  /** First and last dates the examples were built from. */
  dataRange: { from: string; to: string };
}
