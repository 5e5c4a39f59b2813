import { describe, expect, it } from 'vitest';
import { engagementChartData } from '../src/pages/channel/engagement-series.js';

const post = (postId: string, postedAt: string, observed: number) => ({ postId, postedAt, observedEngagement: observed, predictedEngagement: observed + 0.01, baseline: 0.05 });

describe('the engagement chart’s data', () => {
  it('orders the posts oldest first and moves an album item sharing its second on by one, so x strictly ascends', () => {
    const chart = engagementChartData([post('3', '2024-06-02T10:00:00Z', 0.3), post('1', '2024-06-01T10:00:00Z', 0.1), post('2', '2024-06-01T10:00:00Z', 0.2)]);
    const t = Date.parse('2024-06-01T10:00:00Z') / 1000;
    expect(chart.x).toEqual([t, t + 1, t + 86_400]);
    expect(chart.series.map((s) => s.label)).toEqual(['Observed', 'Predicted before posting', 'Baseline (median of the 16 before)']);
    expect(chart.series[0]!.values).toEqual([0.1, 0.2, 0.3]);
    expect(chart.series[0]!.points).toBe(true);
  });
});
