import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@telepulse/platform';
import { engagementTrainingData } from '../../src/engagement/training/train.js';
import { growthTrainingData } from '../../src/growth/training/train.js';
import { engagementTrainingExamples, growthTrainingExamples } from '../../src/learning/labelled-example.js';
import { replaySample } from '../../src/learning/replay-sample.js';
import { noiseOfInput } from '../../src/learning/growth-update.js';
import { baseVersion, nextVersion } from '../../src/learning/lineage.js';
import { TINY_ENGAGEMENT, TINY_GROWTH } from './tiny-models.js';

describe('labelled examples', () => {
  it("engagement: a stored input and its observed rate give the trainer's own target, the level read back from the input", () => {
    const { train } = engagementTrainingData(TINY_ENGAGEMENT, []).data;
    const historyPosts = TINY_ENGAGEMENT.data.historyPosts;
    const sample = train.slice(0, 50);
    const prepared = engagementTrainingExamples(
      sample.map((e) => ({ input: Array.from(e.input), inputShape: [historyPosts + 1, 20] as const, observed: e.target })),
      historyPosts,
      'fresh',
    );
    prepared.forEach((p, i) => {
      expect(p.targetRatio).toBeCloseTo(sample[i]!.targetRatio, 4);
      expect(p.level.rate).toBeCloseTo(sample[i]!.level.rate, 6);
      expect(p.historyLength).toBe(sample[i]!.historyLength);
    });
  });

  it('engagement: rejects a rate above 1 and another shape, naming each example', () => {
    const input = new Array<number>(9 * 20).fill(0);
    const call = () =>
      engagementTrainingExamples(
        [
          { input, inputShape: [9, 20], observed: 1.5 },
          { input, inputShape: [8, 20], observed: 0.1 },
        ],
        8,
        'fresh',
      );
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(/fresh\[0\]\.observed: must be an engagement rate from 0 to 1, got 1.5 \(and 1 more\)/);
  });

  it("growth: the observed counts give the trainer's targets by date, the daily noise the trainer's weight", () => {
    const { train } = growthTrainingData(TINY_GROWTH, []).data;
    const { window, horizon } = TINY_GROWTH.data;
    const sample = train.slice(0, 40);
    const replayed = replaySample('growth', 1_000_000, 1, { growth: TINY_GROWTH });
    const byOrigin = new Map(replayed.map((r) => [`${r.lastDate}/${r.lastCount}/${Array.from(r.input).join()}`, r]));
    const labelled = sample.map((e) => byOrigin.get(`${e.originDate}/${e.lastCount}/${Array.from(e.input).join()}`)!);
    const prepared = growthTrainingExamples(labelled, window, horizon, 'fresh');
    prepared.forEach((p, i) => {
      Array.from(sample[i]!.target).forEach((y, d) => expect(p.target[d]).toBeCloseTo(y, 5));
      expect(p.known.every(Boolean)).toBe(true);
      expect(noiseOfInput(p.input, window)).toBeCloseTo(sample[i]!.noise, 3);
    });
  });

  it('growth: masks the days not observed and ignores days past the horizon', () => {
    const [example] = replaySample('growth', 1, 2, { growth: TINY_GROWTH });
    const observed = [example!.observed[1]!, { date: '2099-01-01', count: 1 }];
    const [p] = growthTrainingExamples([{ ...example!, observed }], TINY_GROWTH.data.window, TINY_GROWTH.data.horizon, 'fresh');
    expect(p!.known).toEqual([false, true, false, false, false, false, false]);
    expect(p!.actual[1]).toBe(observed[0]!.count);
  });
});

describe('replaySample', () => {
  it('draws n examples of the regenerated training data, the same for a seed, others for another', () => {
    const a = replaySample('engagement', 30, 1, { engagement: TINY_ENGAGEMENT });
    const b = replaySample('engagement', 30, 1, { engagement: TINY_ENGAGEMENT });
    const c = replaySample('engagement', 30, 2, { engagement: TINY_ENGAGEMENT });
    expect(a).toHaveLength(30);
    expect(a[0]!.inputShape).toEqual([TINY_ENGAGEMENT.data.historyPosts + 1, 20]);
    expect(a.map((e) => e.observed)).toEqual(b.map((e) => e.observed));
    expect(c.map((e) => e.observed)).not.toEqual(a.map((e) => e.observed));
    const all = engagementTrainingData(TINY_ENGAGEMENT, []).data.train;
    expect(all.some((e) => e.target === a[0]!.observed && e.input.every((v, i) => v === a[0]!.input[i]))).toBe(true);
  });

  it('rejects a model that does not learn from feedback', () => {
    expect(() => replaySample('content-viral' as 'growth', 5, 1)).toThrow(/modelId: must be a model that learns from feedback/);
  });
});

describe('nextVersion', () => {
  it('counts updates from the trained ancestor, past every version taken, per strategy', () => {
    expect(nextVersion('2.1.0', 'INCREMENTAL')).toBe('2.1.0+inc.1');
    expect(nextVersion('2.1.0+inc.1', 'INCREMENTAL')).toBe('2.1.0+inc.2');
    expect(nextVersion('2.1.0+inc.1', 'INCREMENTAL', ['2.1.0+inc.2', '2.1.0+inc.7', '2.1.0+retrain.9', '1.0.0+inc.12'])).toBe('2.1.0+inc.8');
    expect(nextVersion('2.1.0+inc.3', 'FULL_RETRAIN', ['2.1.0+retrain.1'])).toBe('2.1.0+retrain.2');
    expect(baseVersion('2.1.0+retrain.2')).toBe('2.1.0');
  });
});
