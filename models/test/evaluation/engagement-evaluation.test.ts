import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { engagementRate, simulateChannels, type ChannelRecord } from '@telepulse/dataset';
import { readEngagementArtifact } from '../../src/engagement/artifact.js';
import { OfflineEngagementModel, type EngagementCase } from '../../src/engagement/offline-model.js';
import { evaluateEngagement } from '../../src/evaluation/engagement-evaluation.js';
import type { JudgedChannel } from '../../src/evaluation/evaluation-report.js';

/** The median, written again here so the baselines are checked against an independent computation. */
function medianOf(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

let model: OfflineEngagementModel;
let channels: ChannelRecord[];
const calls: EngagementCase[][] = [];
const recording = {
  get version() {
    return model.version;
  },
  async predictMany(cases: readonly EngagementCase[]) {
    calls.push([...cases]);
    return model.predictMany(cases);
  },
};

beforeAll(async () => {
  model = await OfflineEngagementModel.load(await readEngagementArtifact());
  const simulated = simulateChannels({ seed: 77, channels: 3, days: 150, idPrefix: 'evaltest' });
  // A channel cut to 40 posts: 8 held out, too few to judge.
  channels = [...simulated, { ...simulated[0]!, id: 'evaltest-short', posts: simulated[0]!.posts.slice(0, 40) }];
});
afterAll(() => model.dispose());

describe('evaluateEngagement with the committed model', () => {
  it('judges each long-enough channel on its last 20 % of posts, one step ahead, and pools them', async () => {
    calls.length = 0;
    const report = await evaluateEngagement(channels, recording);
    expect(report).toMatchObject({ model: { name: 'engagement', version: model.version }, unit: 'posts', baselines: ['channel median', 'rolling-16'] });
    expect(report.settings).toEqual({ heldOutShare: 0.2, minHeldOut: 30, seed: 1, resamples: 1000 });
    expect(report.channels.map((c) => [c.channel, c.status])).toEqual([
      ['evaltest-1', 'judged'],
      ['evaltest-2', 'judged'],
      ['evaltest-3', 'judged'],
      ['evaltest-short', 'too short'],
    ]);
    expect(report.channels[3]).toEqual({ channel: 'evaltest-short', status: 'too short', reason: '8 held-out posts, fewer than 30', posts: 40, heldOut: 8 });

    const judged = report.channels.filter((c): c is JudgedChannel => c.status === 'judged');
    judged.forEach((c, k) => {
      const channel = channels[k]!;
      const from = Math.floor(channel.posts.length * 0.8);
      expect(c).toMatchObject({ posts: channel.posts.length, heldOutFrom: from, heldOut: channel.posts.length - from });

      // Each held-out post was asked about once, as not yet posted, with every earlier post as history.
      const cases = calls[k]!;
      expect(cases).toHaveLength(c.heldOut);
      cases.forEach((kase, j) => {
        const post = channel.posts[from + j]!;
        expect(kase.history).toHaveLength(from + j);
        expect(kase.history.at(-1)!.postedAt.toISOString()).toBe(channel.posts[from + j - 1]!.postedAt);
        expect(kase.candidate).toEqual({
          hourOfDay: new Date(post.postedAt).getUTCHours(),
          dayOfWeek: (new Date(post.postedAt).getUTCDay() + 6) % 7,
          contentLength: post.textLength,
          hasMedia: post.hasMedia,
          postedAt: new Date(post.postedAt),
        });
      });

      // Both baselines and the model's MAE, recomputed from the posts.
      const rates = channel.posts.map(engagementRate);
      const held = rates.slice(from);
      const mae = (forecast: (i: number) => number) => held.reduce((s, r, j) => s + Math.abs(forecast(from + j) - r), 0) / held.length;
      expect(c.baselineMae['channel median']).toBeCloseTo(mae((i) => medianOf(rates.slice(0, i))), 12);
      expect(c.baselineMae['rolling-16']).toBeCloseTo(mae((i) => medianOf(rates.slice(i - 16, i))), 12);
      expect(c.baseline).toBe(c.baselineMae['channel median']! <= c.baselineMae['rolling-16']! ? 'channel median' : 'rolling-16');
      expect(c.ratio.ratio).toBeCloseTo(c.modelMae / c.baselineMae[c.baseline]!, 12);
      expect(c.ratio.low!).toBeLessThanOrEqual(c.ratio.ratio!);
      expect(c.ratio.high!).toBeGreaterThanOrEqual(c.ratio.ratio!);
      expect(c.calibration.reduce((n, g) => n + g.posts, 0)).toBe(c.heldOut);
    });

    const overall = report.overall!;
    expect(overall.heldOut).toBe(judged.reduce((n, c) => n + c.heldOut, 0));
    expect(overall.modelMae).toBeCloseTo(judged.reduce((s, c) => s + c.modelMae * c.heldOut, 0) / overall.heldOut, 12);
    expect(overall.channels).toMatchObject({ judged: 3, tooShort: 1 });
    const { significantlyBetter, noSignificantDifference, significantlyWorse, better, worse } = overall.channels;
    expect(significantlyBetter + noSignificantDifference + significantlyWorse).toBe(3);
    expect(better + worse).toBeLessThanOrEqual(3);
  });

  it('gives the same report twice (the bootstrap is seeded)', async () => {
    expect(await evaluateEngagement(channels, model)).toEqual(await evaluateEngagement(channels, model));
  });

  it('judges no channel, and has no overall, when none has enough held-out posts', async () => {
    const report = await evaluateEngagement(channels, model, { minHeldOut: 10_000 });
    expect(report.channels.every((c) => c.status === 'too short')).toBe(true);
    expect(report.overall).toBeNull();
  });

  it('names a channel with too few posts before the cut', async () => {
    const report = await evaluateEngagement([{ ...channels[0]!, posts: channels[0]!.posts.slice(0, 19) }], model, { minHeldOut: 1, heldOutShare: 0.5 });
    expect(report.channels[0]).toMatchObject({ status: 'too short', reason: '9 posts before the cut, fewer than 16' });
  });

  it('rejects a bad option by name before running the model', async () => {
    await expect(evaluateEngagement(channels, model, { minHeldOut: 0 })).rejects.toThrow('minHeldOut: expected a whole number >= 1, got 0');
  });
});
