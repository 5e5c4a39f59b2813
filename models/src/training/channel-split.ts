/**
 * How every trainer splits its simulated channels: whole channels, shuffled by the run's seed,
 * into test, calibration and training channels, so the held-out metrics are what a channel never
 * seen would get.
 */
import type { ChannelRecord, Random } from '@telepulse/dataset';

/** `split.test` channels to test, the next `split.calibration` to calibrate, the rest to train; a RangeError when none are left to train. */
export function splitChannels(
  channels: readonly ChannelRecord[],
  random: Random,
  split: { calibration: number; test: number },
): { train: ChannelRecord[]; calibration: ChannelRecord[]; test: ChannelRecord[] } {
  const order = random.fork('split').shuffle([...channels]);
  const test = order.slice(0, split.test);
  const calibration = order.slice(split.test, split.test + split.calibration);
  const train = order.slice(split.test + split.calibration);
  if (train.length === 0) throw new RangeError(`no channels left to train on: ${channels.length} simulated, ${split.test + split.calibration} held out`);
  return { train, calibration, test };
}
