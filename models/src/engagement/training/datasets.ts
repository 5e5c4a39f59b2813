import { Random, simulateChannels, type ChannelRecord } from '@telepulse/dataset';
import { splitChannels } from '../../training/channel-split.js';
import { buildExamples, type EngagementExample } from './examples.js';

export interface EngagementDataConfig {
  /** Seed of the split and of example sampling. */
  seed: number;
  simulator: { seed: number; channels: number; days: number; endDate: string };
  /** Channels held out for fitting confidence, and for the final test. The rest train. */
  split: { calibration: number; test: number };
  /** Posts per training channel turned into examples. */
  perChannel: number;
  /** Posts per calibration and test channel: more of them cost no training time and make the confidence fit and the final check steadier. */
  heldOutPerChannel: number;
  earlyShare: number;
  /** Share of examples whose candidate's time is unknown beyond hour and weekday. */
  untimedShare: number;
  /** Past posts per example's history. */
  historyPosts: number;
}

export interface EngagementDatasets {
  train: EngagementExample[];
  calibration: EngagementExample[];
  test: EngagementExample[];
  /** The calibration channels, whole: for what examples do not carry (short histories). */
  calibrationChannels: ChannelRecord[];
  /** Channel counts per split. */
  split: { train: number; calibration: number; test: number };
  /** First and last post dates used. */
  dataRange: { from: string; to: string };
}

/**
 * The simulated data behind the engagement model, split by channel: test channels are never
 * seen in training or calibration, so the test metric is what a new channel would get.
 * Deterministic for a config.
 */
export function engagementDatasets(config: EngagementDataConfig): EngagementDatasets {
  const channels = simulateChannels(config.simulator);
  const random = new Random(config.seed);
  const { train, calibration, test } = splitChannels(channels, random, config.split);
  const examples = (set: ChannelRecord[], label: string, perChannel = config.perChannel) =>
    buildExamples(set, { historyPosts: config.historyPosts, perChannel, earlyShare: config.earlyShare, untimedShare: config.untimedShare, random: random.fork(label) });
  const dates = channels.flatMap((c) => c.posts.map((p) => p.postedAt)).sort();
  return {
    train: examples(train, 'train'),
    calibration: examples(calibration, 'calibration', config.heldOutPerChannel),
    test: examples(test, 'test', config.heldOutPerChannel),
    calibrationChannels: calibration,
    split: { train: train.length, calibration: calibration.length, test: test.length },
    dataRange: { from: dates[0] ?? '', to: dates[dates.length - 1] ?? '' },
  };
}
