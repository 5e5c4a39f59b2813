import { beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels, type ChannelRecord, type PostRecord } from '@telepulse/dataset';
import { evaluateGrowth, type GrowthCase, type GrowthForecaster } from '../../src/evaluation/growth-evaluation.js';
import { daysBetween } from '../../src/evaluation/growth-origins.js';
import type { GrowthEvaluationReport, JudgedGrowthChannel } from '../../src/evaluation/growth-report.js';
import { accelerating, handMadeGrowthChannel } from './channel-fixtures.js';
import { persistenceForecaster, seasonalNaiveForecaster } from './naive-growth-forecasters.js';

/** `model`, with every batch of cases it was asked recorded. */
function recording(model: GrowthForecaster): GrowthForecaster & { calls: GrowthCase[][] } {
  const calls: GrowthCase[][] = [];
  return { version: model.version, calls, forecastMany: (cases) => (calls.push([...cases]), model.forecastMany(cases)) };
}

const judged = (report: GrowthEvaluationReport, k: number) => report.channels[k] as JudgedGrowthChannel;

// 57 days from 2026-01-01 without day 33 (2026-02-03): 56 counts, half held out, so the only
// origin is day 27 (2026-01-28, count 1 270) and its history is the straight line 1 000 + 10 t.
// From there the seasonal naive (= the baseline) says 1 270 + 10 d on path day d; what happened is
// 1 270 + 10 d up to d = 3, then 1 240 + 20 d; d = 6 has no count. The history's weekly changes are
// all 70: MASE's scale.
const hand = handMadeGrowthChannel(accelerating, { days: 57, missing: [33], id: 'hand' });

describe('evaluateGrowth by hand', () => {
  it('asks for 7 and 28 days from each origin, with every count up to it', async () => {
    const model = recording(seasonalNaiveForecaster);
    await evaluateGrowth([hand], model, { heldOutShare: 0.5 });
    expect(model.calls).toHaveLength(1);
    const [week, month] = model.calls[0]!;
    expect([week!.days, month!.days]).toEqual([7, 28]);
    expect(week!.history).toBe(month!.history);
    expect(week!.history.counts).toEqual(hand.subscriberCounts.slice(0, 28));
    expect(week!.history.counts.at(-1)).toEqual({ date: '2026-01-28', count: 1270 });
    // No posts at all: publishing unknown, not quiet.
    expect(week!.history.activity).toBeUndefined();
  });

  it('the baseline wrapped as a model: relative MAE exactly 1; its errors, MASE, sMAPE and coverage by hand', async () => {
    const report = await evaluateGrowth([hand], seasonalNaiveForecaster, { heldOutShare: 0.5 });
    const c = judged(report, 0);
    expect(c).toMatchObject({ channel: 'hand', status: 'judged', counts: 56, heldOutDayFrom: 28, origins: ['2026-01-28'] });
    const [week, month] = c.horizons;
    // Days 1..7 but 6: errors 0, 0, 0, 10, 20, 40. A noiseless history gives zero-width intervals: only the exact days are inside.
    expect(week).toMatchObject({ horizon: 7, origins: 1, days: 6, relativeMae: { ratio: 1, low: 1, high: 1 }, verdict: 'no significant difference', coverage80: 0.5, coverage95: 0.5 });
    expect(week!.modelMae).toBeCloseTo(70 / 6, 12);
    expect(week!.baselineMae).toBeCloseTo(70 / 6, 12);
    expect(week!.mase).toBeCloseTo(70 / 6 / 70, 12);
    expect(week!.bias).toBeCloseTo(-70 / 6, 12);
    // 200 |p − o| / (p + o) on days 4, 5, 7: (1 310, 1 320), (1 320, 1 340), (1 340, 1 380).
    expect(week!.smape).toBeCloseTo((2000 / 2630 + 4000 / 2660 + 8000 / 2720) / 6, 12);
    // Days 1..28 but 6: errors 10 d − 30 from d = 4, Σ = 3 250 − 30 (day 6) = 3 220 over 27 days.
    expect(month).toMatchObject({ horizon: 28, days: 27, relativeMae: { ratio: 1 } });
    expect(month!.modelMae).toBeCloseTo(3220 / 27, 12);
    expect(month!.mase).toBeCloseTo(3220 / 27 / 70, 12);
    expect(month!.coverage80).toBeCloseTo(3 / 27, 12);
  });

  it('persistence, worse than the baseline: its relative MAE, verdict and coverage by hand', async () => {
    const report = await evaluateGrowth([hand], persistenceForecaster, { heldOutShare: 0.5 });
    const [week, month] = judged(report, 0).horizons;
    // Errors of holding 1 270: 10, 20, 30, 50, 70, (day 6 skipped), 110 → 290 against the baseline's 70.
    expect(week!.modelMae).toBeCloseTo(290 / 6, 12);
    expect(week!.relativeMae).toMatchObject({ ratio: expect.closeTo(290 / 70, 12), low: expect.closeTo(290 / 70, 12), high: expect.closeTo(290 / 70, 12) });
    expect(week!.verdict).toBe('significantly worse');
    expect(week!.mase).toBeCloseTo(290 / 6 / 70, 12);
    expect(week!.bias).toBeCloseTo(-290 / 6, 12);
    expect(week!.smape).toBeCloseTo((2000 / 2550 + 4000 / 2560 + 6000 / 2570 + 10000 / 2590 + 14000 / 2610 + 22000 / 2650) / 6, 12);
    // σ = 10 (every day's gain); the 80 % half-width 12.8 √d holds day 1 only (error 10; day 2: 18.1 < 20),
    // the 95 % one 19.6 √d days 1 to 3 (19.6 ≥ 10, 27.7 ≥ 20, 33.9 ≥ 30; day 4: 39.2 < 50).
    expect([week!.coverage80, week!.coverage95]).toEqual([1 / 6, 3 / 6]);
    // 28 days: 10 + 20 + 30 + Σ(20 d − 30, d = 4..28) − 90 (day 6) = 60 + 7 250 − 90 = 7 220 against 3 220.
    expect(month!.relativeMae.ratio).toBeCloseTo(7220 / 3220, 12);
    expect([month!.coverage80, month!.coverage95]).toEqual([expect.closeTo(1 / 27, 12), expect.closeTo(3 / 27, 12)]);
  });

  it('shows the model the publishing of every day from the first post to the origin, a quiet day as 0 posts', async () => {
    const post = (postedAt: string, views: number, reactions: number): PostRecord => ({
      id: postedAt,
      postedAt,
      views,
      forwards: null,
      replies: 0,
      reactions,
      text: null,
      textLength: 10,
      hasMedia: false,
    });
    // Two posts on 2026-01-03 (rates 0.1 and 0.3); one nobody has seen yet on 2026-01-05 (no rate);
    // one after the origin, never shown to the model.
    const posts = [
      post('2026-01-03T08:00:00.000Z', 100, 10),
      post('2026-01-03T20:00:00.000Z', 100, 30),
      post('2026-01-05T12:00:00.000Z', 0, 0),
      post('2026-02-01T09:00:00.000Z', 100, 50),
    ];
    const model = recording(seasonalNaiveForecaster);
    await evaluateGrowth([{ ...hand, posts }], model, { heldOutShare: 0.5 });
    const activity = model.calls[0]![0]!.history.activity!;
    expect(activity).toHaveLength(26); // 2026-01-03 .. 2026-01-28
    expect(activity[0]).toEqual({ date: '2026-01-03', posts: 2, engagementRate: expect.closeTo(0.2, 12) });
    expect(activity[1]).toEqual({ date: '2026-01-04', posts: 0, engagementRate: null });
    expect(activity[2]).toEqual({ date: '2026-01-05', posts: 1, engagementRate: null });
    expect(activity.at(-1)).toEqual({ date: '2026-01-28', posts: 0, engagementRate: null });
    expect(activity.filter((a) => a.posts > 0)).toHaveLength(2);
  });

  it('pools channels, with the median over channels of the relative MAE, and lists the too short with their reasons', async () => {
    const channels: ChannelRecord[] = [
      hand,
      // Two origins (days 34 and 41): see growth-origins.test.ts.
      handMadeGrowthChannel(accelerating, { days: 70, id: 'two-origins' }),
      handMadeGrowthChannel((t) => 5000 + Math.round((t * t) / 4), { days: 70, id: 'quadratic' }),
      handMadeGrowthChannel(accelerating, { days: 0, id: 'empty' }),
    ];
    const model = recording(persistenceForecaster);
    const report = await evaluateGrowth(channels, model, { heldOutShare: 0.5 });
    expect(model.calls[0]!.map((c) => [c.history.counts.at(-1)!.date, c.days])).toEqual([
      ['2026-01-28', 7],
      ['2026-01-28', 28],
      ['2026-02-04', 7],
      ['2026-02-04', 28],
      ['2026-02-11', 7],
      ['2026-02-11', 28],
      ['2026-02-04', 7],
      ['2026-02-04', 28],
      ['2026-02-11', 7],
      ['2026-02-11', 28],
    ]);
    expect(report.channels[3]).toEqual({ channel: 'empty', status: 'too short', reason: 'no subscriber counts', counts: 0, heldOut: 0 });
    const perChannel = [0, 1, 2].map((k) => judged(report, k));
    const overall = report.overall!;
    expect(overall.channels).toEqual({ judged: 3, tooShort: 1 });
    overall.horizons.forEach((h, i) => {
      const parts = perChannel.map((c) => c.horizons[i]!);
      expect(h.days).toBe(parts.reduce((n, p) => n + p.days, 0));
      expect(h.origins).toBe(5);
      expect(h.modelMae).toBeCloseTo(parts.reduce((s, p) => s + p.modelMae * p.days, 0) / h.days, 9);
      expect(h.relativeMae.ratio).toBeCloseTo(h.modelMae / h.baselineMae, 12);
      const ratios = parts.map((p) => p.relativeMae.ratio!).sort((a, b) => a - b);
      expect(h.medianRelativeMae).toBe(ratios[1]);
      expect(h.relativeMae.low!).toBeLessThanOrEqual(h.relativeMae.ratio!);
      expect(h.relativeMae.high!).toBeGreaterThanOrEqual(h.relativeMae.ratio!);
      expect(h.targetsMet.relativeMae).toBe(false);
    });
  });

  it('refuses a model whose forecast is not for the days asked, naming the case', async () => {
    const lateByADay: GrowthForecaster = {
      version: 'late',
      forecastMany: async (cases) => (await persistenceForecaster.forecastMany(cases)).map((f) => ({ points: f.points.map((p, d) => ({ ...p, date: f.points[d + 1]?.date ?? '2099-01-01' })) })),
    };
    await expect(evaluateGrowth([hand], lateByADay, { heldOutShare: 0.5 })).rejects.toThrow(
      expect.objectContaining({ code: 'GROWTH_FORECAST_MISMATCH', message: 'forecast for hand from 2026-01-28, 7 days: expected 7 points from 2026-01-29 to 2026-02-04, got 7 from 2026-01-30 to 2099-01-01' }),
    );
  });

  it('rejects a bad option by name before running the model', async () => {
    const model = recording(persistenceForecaster);
    await expect(evaluateGrowth([hand], model, { heldOutShare: 1.5 })).rejects.toThrow('heldOutShare: expected a share in [0, 1], got 1.5');
    expect(model.calls).toEqual([]);
  });
});

describe('evaluateGrowth on simulated channels', () => {
  let channels: ChannelRecord[];
  beforeAll(() => {
    // 240 days, 48 held out: up to three origins a channel (days 191, 198, 205), fewer where counts are missing.
    channels = simulateChannels({ seed: 77, channels: 3, days: 240, idPrefix: 'growthtest' });
  });

  it('finds the baseline wrapped as a model exactly as good as the baseline, on every channel, at both horizons', async () => {
    const report = await evaluateGrowth(channels, seasonalNaiveForecaster);
    expect(report.model).toEqual({ name: 'growth', version: 'seasonal-naive' });
    const judgedChannels = report.channels.filter((c): c is JudgedGrowthChannel => c.status === 'judged');
    expect(judgedChannels.length).toBeGreaterThanOrEqual(2);
    for (const c of judgedChannels) {
      const counts = channels.find((ch) => ch.id === c.channel)!.subscriberCounts;
      // The first origin is the last day before the cut; the others follow at whole weeks.
      expect(c.origins[0]).toBe(counts[c.heldOutDayFrom - 1]!.date);
      const offsets = c.origins.map((date) => daysBetween(c.origins[0]!, date));
      expect(offsets.every((d, k) => d % 7 === 0 && (k === 0 || d > offsets[k - 1]!))).toBe(true);
      for (const h of c.horizons) {
        expect(h.relativeMae.ratio).toBe(1);
        expect(h.modelMae).toBe(h.baselineMae);
        expect(h.coverage80).toBeLessThanOrEqual(h.coverage95);
      }
    }
    for (const h of report.overall!.horizons) {
      expect(h).toMatchObject({ medianRelativeMae: 1, relativeMae: { ratio: 1, low: 1, high: 1 }, verdict: 'no significant difference' });
      expect(h.targetsMet.relativeMae).toBe(false);
    }
  });

  it('gives the same report twice (the bootstrap is seeded)', async () => {
    expect(await evaluateGrowth(channels, persistenceForecaster)).toEqual(await evaluateGrowth(channels, persistenceForecaster));
  });
});
