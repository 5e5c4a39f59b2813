import { describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import { fitWidthScales } from '../src/growth/training/calibrate-intervals.js';
import type { GrowthExample } from '../src/growth/training/examples.js';

const HORIZON = 30;

/**
 * Examples whose log ratio on day d is Normal(0, (0.01 √d)²), judged against outputs that state
 * half the true spread (median 0, widths ±z × sd / 2): intervals far too narrow.
 */
function narrowForecasts(count: number, seed: number, knownShare = 1) {
  const random = new Random(seed);
  const z = { q80: 1.2816, q95: 1.96 };
  const examples: GrowthExample[] = [];
  const outputs: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    const target = new Float32Array(HORIZON);
    const out = new Float32Array(HORIZON * 5);
    for (let d = 0; d < HORIZON; d++) {
      const sd = 0.01 * Math.sqrt(d + 1);
      target[d] = random.normal(0, sd);
      out.set([(-z.q95 * sd) / 2, (-z.q80 * sd) / 2, 0, (z.q80 * sd) / 2, (z.q95 * sd) / 2], d * 5);
    }
    const actualKnown = Array.from({ length: HORIZON }, () => random.bernoulli(knownShare));
    examples.push({ channelId: `c${i % 10}`, originDate: '2024-01-01', input: new Float32Array(0), target, lastCount: 1000, actual: [], actualKnown, baseline: [], historyUsed: 56, noise: 0.01 });
    outputs.push(out);
  }
  return { examples, outputs };
}

function coverage(examples: GrowthExample[], outputs: Float32Array[], scales: number[]) {
  let in80 = 0;
  let in95 = 0;
  let n = 0;
  examples.forEach((e, i) => {
    for (let d = 0; d < HORIZON; d++) {
      const [l95, l80, m, h80, h95] = outputs[i]!.subarray(d * 5, d * 5 + 5) as unknown as number[];
      const lo80 = m! - scales[0]! * (m! - l80!);
      const hi80 = m! + scales[2]! * (h80! - m!);
      const lo95 = lo80 - scales[1]! * (l80! - l95!);
      const hi95 = hi80 + scales[3]! * (h95! - h80!);
      const y = e.target[d]!;
      in80 += y >= lo80 && y <= hi80 ? 1 : 0;
      in95 += y >= lo95 && y <= hi95 ? 1 : 0;
      n += 1;
    }
  });
  return { c80: in80 / n, c95: in95 / n };
}

describe('fitWidthScales', () => {
  it('doubles intervals that state half the spread, so fresh forecasts of the same kind are covered at 80 % and 95 %', () => {
    const fit = narrowForecasts(400, 1);
    const scales = fitWidthScales(fit.examples, fit.outputs);
    // The inner widths were half of what they should be: ×2; the outer ones the same.
    scales.forEach((s) => expect(s).toBeGreaterThan(1.8));
    scales.forEach((s) => expect(s).toBeLessThan(2.2));
    const fresh = narrowForecasts(400, 2);
    expect(coverage(fresh.examples, fresh.outputs, [1, 1, 1, 1]).c80).toBeLessThan(0.5);
    const { c80, c95 } = coverage(fresh.examples, fresh.outputs, scales);
    expect(c80).toBeGreaterThan(0.78);
    expect(c80).toBeLessThan(0.82);
    expect(c95).toBeGreaterThan(0.94);
    expect(c95).toBeLessThan(0.96);
  });

  it('learns only from days with a real count, and keeps 1 for a width no day informs', () => {
    const { examples, outputs } = narrowForecasts(50, 3, 0);
    expect(fitWidthScales(examples, outputs)).toEqual([1, 1, 1, 1]);
    const zeroWidths = outputs.map(() => new Float32Array(HORIZON * 5));
    expect(fitWidthScales(narrowForecasts(50, 4).examples, zeroWidths)).toEqual([1, 1, 1, 1]);
  });
});
