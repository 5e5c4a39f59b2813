/**
 * The engagement history chart's data: each replayed post's observed rate (points) against what
 * the model would have predicted for it from the posts before it, and the rolling-16 baseline.
 * Pure, tested without a browser.
 */
import type { ChartSeries } from '../../ui/time-chart.js';

export interface ReplayedPost {
  postId: string;
  postedAt: string;
  observedEngagement: number;
  predictedEngagement: number;
  baseline: number;
}

export interface EngagementChartData {
  x: number[];
  series: ChartSeries[];
}

export const ENGAGEMENT_COLORS = { observed: '#1a1d21', predicted: '#1f5fbf', baseline: '#b3541e' };

/**
 * Series: observed (points), predicted, baseline (dashed), over the posts' times oldest first.
 * uPlot needs strictly ascending x: an album's items share a second, so each later one is moved
 * on by a second (invisible at this scale).
 */
export function engagementChartData(posts: readonly ReplayedPost[]): EngagementChartData {
  const sorted = [...posts].sort((a, b) => a.postedAt.localeCompare(b.postedAt));
  const x: number[] = [];
  for (const post of sorted) {
    const at = Math.floor(new Date(post.postedAt).getTime() / 1000);
    x.push(x.length > 0 && at <= x[x.length - 1]! ? x[x.length - 1]! + 1 : at);
  }
  return {
    x,
    series: [
      { label: 'Observed', values: sorted.map((p) => p.observedEngagement), color: ENGAGEMENT_COLORS.observed, points: true },
      { label: 'Predicted before posting', values: sorted.map((p) => p.predictedEngagement), color: ENGAGEMENT_COLORS.predicted, width: 2 },
      { label: 'Baseline (median of the 16 before)', values: sorted.map((p) => p.baseline), color: ENGAGEMENT_COLORS.baseline, dash: [6, 4] },
    ],
  };
}
