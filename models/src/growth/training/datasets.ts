import { Random, simulateChannels, type ChannelRecord } from '@telepulse/dataset';
import { splitChannels } from '../../training/channel-split.js';
import { buildGrowthExamples, type GrowthExample } from './examples.js';

export interface GrowthDataConfig {
  /** Seed of the split and of example sampling. */
  seed: number;
  simulator: { seed: number; channels: number; days: number; endDate: string };
  /** Channels held out for choosing the epoch, and for the final test. The rest train. */
  split: { calibration: number; test: number };
  /** Days between a training channel's origins. */
  stride: number;
  /** Days between a held-out channel's origins. */
  heldOutStride: number;
  /** Shares of training examples perturbed (see GrowthExampleOptions); held-out examples are not. */
  activityDropShare: number;
  gapShare: number;
  shortShare: number;
  window: number;
  horizon: number;
}

export interface GrowthDatasets {
  train: GrowthExample[];
  calibration: GrowthExample[];
  test: GrowthExample[];
  /** Channel counts per split. */
  split: { train: number; calibration: number; test: number };
  /** First and last days of the simulated counts. */
  dataRange: { from: string; to: string };
}

/**
 * The simulated data behind the growth model, split by channel: test channels are never seen in
 * training or in choosing the epoch, so the test metrics are what a new channel would get.
 * Deterministic for a config.
 */
export function growthDatasets(config: GrowthDataConfig): GrowthDatasets {
  const channels = simulateChannels(config.simulator);
  const random = new Random(config.seed);
  const { train, calibration, test } = splitChannels(channels, random, config.split);
  const dates = channels.flatMap((c) => c.subscriberCounts.map((s) => s.date)).sort();
  return {
    train: growthTrainingExamples(train, config, random.fork('train')),
    calibration: growthHeldOutExamples(calibration, config, random.fork('calibration')),
    test: growthHeldOutExamples(test, config, random.fork('test')),
    split: { train: train.length, calibration: calibration.length, test: test.length },
    dataRange: { from: dates[0] ?? '', to: dates[dates.length - 1] ?? '' },
  };
}

/** Training examples: origins every `stride` days, some histories perturbed. */
export function growthTrainingExamples(channels: readonly ChannelRecord[], config: GrowthDataConfig, random: Random): GrowthExample[] {
  const { window, horizon, stride, activityDropShare, gapShare, shortShare } = config;
  return buildGrowthExamples(channels, { window, horizon, stride, activityDropShare, gapShare, shortShare, random });
}

/** Held-out examples: origins every `heldOutStride` days, histories as the data has them. */
export function growthHeldOutExamples(channels: readonly ChannelRecord[], config: GrowthDataConfig, random: Random): GrowthExample[] {
  const { window, horizon, heldOutStride: stride } = config;
  return buildGrowthExamples(channels, { window, horizon, stride, activityDropShare: 0, gapShare: 0, shortShare: 0, random });
}
