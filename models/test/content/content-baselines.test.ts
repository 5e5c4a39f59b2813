import { describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import { baselineFeatures, fitRelativeBaseline, fitViralBaseline } from '../../src/content/content-baselines.js';
import type { ContentExample } from '../../src/content/content-examples.js';
import { LinearFitError } from '../../src/training/linear-models.js';

/** Examples whose targets follow media and the hour (evening better), with noise; text length random. */
function synthetic(n: number, seed: string): ContentExample[] {
  const random = new Random(seed);
  return Array.from({ length: n }, (_, i) => {
    const hasMedia = random.bernoulli(0.5);
    const hour = random.int(0, 23);
    const evening = hour >= 17 && hour <= 22;
    const relativeEngagement = (hasMedia ? 0.4 : 0) + (evening ? 0.3 : -0.1) + random.normal(0, 0.3);
    return {
      channelId: 'c',
      postId: String(i),
      text: 'x'.repeat(random.int(1, 400)),
      postedAt: new Date(Date.UTC(2024, 0, 1 + (i % 28), hour, random.int(0, 59))),
      hasMedia,
      views: 100,
      relativeEngagement,
      viral: relativeEngagement > 0.6,
    };
  });
}

describe('baselineFeatures', () => {
  it('is ln(1 + characters), media, and the hour on the circle', () => {
    const at = (iso: string, text = 'Привет 🔥') => baselineFeatures({ text, hasMedia: true, postedAt: new Date(iso) });
    const [length, media, sin, cos] = at('2024-01-01T06:00:00Z');
    expect(length).toBeCloseTo(Math.log1p(8), 12);
    expect(media).toBe(1);
    expect(sin).toBeCloseTo(1, 12);
    expect(cos).toBeCloseTo(0, 12);
    // 23:30 and 00:30 sit next to each other.
    const late = at('2024-01-01T23:30:00Z');
    const early = at('2024-01-02T00:30:00Z');
    expect(Math.hypot(late[2]! - early[2]!, late[3]! - early[3]!)).toBeLessThan(0.3);
  });
});

describe('fitViralBaseline and fitRelativeBaseline', () => {
  const train = synthetic(4000, 'train');
  const post = (hasMedia: boolean, hour: number) => ({ ...train[0]!, hasMedia, postedAt: new Date(Date.UTC(2024, 0, 5, hour)) });

  it('learn that media and the evening go with more engagement, with probabilities in (0, 1)', () => {
    const viral = fitViralBaseline(train);
    const relative = fitRelativeBaseline(train);
    expect(viral(post(true, 20))).toBeGreaterThan(viral(post(false, 20)));
    expect(viral(post(true, 20))).toBeGreaterThan(viral(post(true, 4)));
    for (const p of [post(true, 20), post(false, 4)]) {
      expect(viral(p)).toBeGreaterThan(0);
      expect(viral(p)).toBeLessThan(1);
    }
    expect(relative(post(true, 20)) - relative(post(false, 20))).toBeCloseTo(0.4, 1);
    expect(relative(post(true, 20))).toBeGreaterThan(relative(post(true, 4)));
  });

  it('say the base rate where nothing tells posts apart', () => {
    const flat = synthetic(2000, 'flat').map((e, i) => ({ ...e, hasMedia: false, viral: i % 5 === 0, relativeEngagement: i % 2 }));
    expect(fitViralBaseline(flat)(flat[0]!)).toBeCloseTo(0.2, 1);
    expect(fitRelativeBaseline(flat)(flat[0]!)).toBeCloseTo(0.5, 1);
  });

  it('refuse to fit nothing', () => {
    expect(() => fitViralBaseline([])).toThrow(LinearFitError);
    expect(() => fitRelativeBaseline([])).toThrow(LinearFitError);
  });
});
