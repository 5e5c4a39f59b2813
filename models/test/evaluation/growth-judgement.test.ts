import { describe, expect, it } from 'vitest';
import { judgeGrowthPaths, type ForecastPath } from '../../src/evaluation/growth-judgement.js';
import { assembleGrowthReport, growthEvaluationSettings, type ChannelPaths } from '../../src/evaluation/growth-report.js';

/** Points with the median `value` and the 80 % and 95 % intervals value ± w80 and value ± w95. */
const around = (values: number[], w80: number, w95: number) => values.map((value) => ({ value, lower80: value - w80, upper80: value + w80, lower95: value - w95, upper95: value + w95 }));

// Two paths by hand. The first misses its second day; the second starts from a history that never moved (scale 0).
const first: ForecastPath = { observed: [100, null, 120], points: around([100, 110, 110], 5, 10), baseline: [102, 104, 106], scale: 10 };
const second: ForecastPath = { observed: [200, 210], points: around([205, 215], 5, 10), baseline: [200, 200], scale: 0 };

describe('judgeGrowthPaths by hand', () => {
  it('judges the observed days only, MASE over the paths whose history moved', () => {
    // Observed days: (100 | model 100, naive 102), (120 | 110, 106), (200 | 205, 200), (210 | 215, 200).
    const j = judgeGrowthPaths([[first], [second]], { seed: 1, resamples: 200 });
    expect(j).toMatchObject({ origins: 2, days: 4, verdict: 'no significant difference' });
    expect(j.modelMae).toBe(5); // 0, 10, 5, 5
    expect(j.baselineMae).toBe(6.5); // 2, 14, 0, 10
    expect(j.relativeMae.ratio).toBeCloseTo(20 / 26, 12);
    expect(j.mase).toBe(0.5); // the first path only: 0 / 10, 10 / 10
    expect(j.bias).toBe(0); // 0 − 10 + 5 + 5
    expect(j.smape).toBeCloseTo((0 + 2000 / 230 + 1000 / 405 + 1000 / 425) / 4, 12);
    expect(j.coverage80).toBe(0.75); // 120 is outside [105, 115]; 200 sits on the bound 200
    expect(j.coverage95).toBe(1);
  });

  it('resamples units, not days: two paths as one unit collapse the interval, as two units they do not', () => {
    // Unit sums: model 10 and 10, baseline 16 and 10; resampled pairs give 20/32, 20/26 or 20/20.
    const apart = judgeGrowthPaths([[first], [second]], { seed: 1, resamples: 200 }).relativeMae;
    expect(apart.low).toBeCloseTo(0.625, 12);
    expect(apart.high).toBe(1);
    expect(judgeGrowthPaths([[first, second]], { seed: 1, resamples: 200 }).relativeMae).toMatchObject({ ratio: 20 / 26, low: 20 / 26, high: 20 / 26 });
  });

  it('has no MASE when no history moved, and no ratio when the baseline never erred', () => {
    const exactBaseline: ForecastPath = { observed: [5, 6], points: around([4, 6], 1, 2), baseline: [5, 6], scale: 0 };
    const j = judgeGrowthPaths([[exactBaseline]], { seed: 1 });
    expect(j).toMatchObject({ mase: null, relativeMae: { ratio: null, low: null, high: null }, verdict: null, modelMae: 0.5, baselineMae: 0 });
  });
});

describe('assembleGrowthReport', () => {
  /** A channel whose paths (the same at both horizons) miss by 1 where the baseline misses by 2, and cover 80 % or 95 % as asked. */
  function channel(id: string, covered80: number, covered95: number): ChannelPaths {
    const observed = [10, 20, 30, 40];
    const path: ForecastPath = {
      observed,
      points: observed.map((o, d) => ({ value: o + 1, lower80: d < covered80 ? o : o + 0.5, upper80: o + 2, lower95: d < covered95 ? o : o + 0.5, upper95: o + 2 })),
      baseline: observed.map((o) => o + 2),
      scale: 4,
    };
    return { channel: id, counts: 100, heldOutDayFrom: 80, origins: ['2026-03-21'], paths: [[path], [path]] };
  }
  const settings = growthEvaluationSettings({ resamples: 100 });

  it('pools the channels, takes the median relative MAE over them and checks the targets, 75 % coverage counting as within 5 points of 80 %', () => {
    const report = assembleGrowthReport({ model: { name: 'growth', version: 'hand' }, settings }, [
      channel('a', 3, 4),
      channel('b', 3, 4),
      { channel: 'c', status: 'too short', reason: 'no subscriber counts', counts: 0, heldOut: 0 },
    ]);
    expect(report).toMatchObject({ horizons: [7, 28], baseline: 'seasonal naive on daily gains', targets: { maxMedianRelativeMae: 0.85, coverageTolerance: 0.05 } });
    expect(report.settings).toEqual({ heldOutShare: 0.2, seed: 1, resamples: 100, originStep: 7, minHistoryDays: 28 });
    expect(report.channels.map((c) => c.status)).toEqual(['judged', 'judged', 'too short']);
    const overall = report.overall!;
    expect(overall.channels).toEqual({ judged: 2, tooShort: 1 });
    for (const h of overall.horizons) {
      expect(h).toMatchObject({ origins: 2, days: 8, modelMae: 1, baselineMae: 2, medianRelativeMae: 0.5, coverage80: 0.75, coverage95: 1, mase: 0.25 });
      expect(h.channels).toEqual({ better: 2, worse: 0, significantlyBetter: 2, noSignificantDifference: 0, significantlyWorse: 0 });
      expect(h.targetsMet).toEqual({ relativeMae: true, coverage80: true, coverage95: true });
    }
  });

  it('fails a coverage target by more than 5 points, and the relative MAE target when the median is above 0.85', () => {
    const report = assembleGrowthReport({ model: { name: 'growth', version: 'hand' }, settings }, [channel('a', 2, 3)]);
    // 80 %: 2 of 4 = 50 %; 95 %: 3 of 4 = 75 %.
    expect(report.overall!.horizons[0]!.targetsMet).toEqual({ relativeMae: true, coverage80: false, coverage95: false });
    const worse = channel('w', 4, 4);
    for (const paths of worse.paths) paths[0] = { ...paths[0]!, baseline: paths[0]!.observed.map((o) => o! + 1.2) };
    expect(assembleGrowthReport({ model: { name: 'growth', version: 'hand' }, settings }, [worse]).overall!.horizons[1]).toMatchObject({
      medianRelativeMae: expect.closeTo(1 / 1.2, 12),
      targetsMet: { relativeMae: true },
    });
    for (const paths of worse.paths) paths[0] = { ...paths[0]!, baseline: paths[0]!.observed.map((o) => o! + 1.1) };
    expect(assembleGrowthReport({ model: { name: 'growth', version: 'hand' }, settings }, [worse]).overall!.horizons[1]!.targetsMet.relativeMae).toBe(false);
  });

  it('has no overall when no channel could be judged', () => {
    const report = assembleGrowthReport({ model: { name: 'growth', version: 'hand' }, settings }, [{ channel: 'c', status: 'too short', reason: 'no subscriber counts', counts: 0, heldOut: 0 }]);
    expect(report.overall).toBeNull();
  });
});
