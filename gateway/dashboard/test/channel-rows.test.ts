import { describe, expect, it } from 'vitest';
import type { ChannelsTableQuery } from '../src/__generated__/graphql.js';
import { searchRows, sortRows, toRow } from '../src/pages/channels/rows.js';

type Channel = NonNullable<ChannelsTableQuery['listChannels']>[number];

/** A channel as the query answers it, counted daily over `days` days up to 2024-12-31. */
function channel(id: string, title: string | null, options: { days?: number; start?: number; predicted?: number | null; baseline?: number; anomalies?: string[] } = {}): Channel {
  const days = options.days ?? 30;
  const counts = Array.from({ length: days }, (_, i) => ({ date: new Date(Date.UTC(2024, 11, 31 - (days - 1) + i)).toISOString().slice(0, 10), count: (options.start ?? 100) + i * 10 }));
  return {
    id,
    title,
    postCount: 10,
    latestSubscriberCount: counts.at(-1) ?? null,
    recentSubscriberCounts: counts,
    engagementPrediction: options.predicted === null ? null : { predictedEngagement: options.predicted ?? 0.05, baseline: options.baseline ?? 0.04, confidence: 0.7, modelVersion: '2.1.0' },
    growthPatterns: { to: '2024-12-31', anomalies: (options.anomalies ?? []).map((date) => ({ date, kind: 'BURST' as const })), changePoints: [] },
  };
}

describe('the Channels table’s rows', () => {
  it('shows the latest count, the 30-day growth, the prediction against the recent level, and recent alerts only', () => {
    const row = toRow(channel('c1', 'One', { anomalies: ['2024-12-30', '2024-11-01'] }));
    expect(row).toMatchObject({ id: 'c1', title: 'One', subscribers: 390, subscribersDate: '2024-12-31', predicted: 0.05, baseline: 0.04 });
    expect(row.growth).toHaveLength(30);
    expect(row.growthChange).toBeCloseTo((390 - 100) / 100);
    expect(row.predictedVsRecent).toBeCloseTo(0.25);
    expect(row.alerts).toEqual([{ date: '2024-12-30', kind: 'BURST' }]);
  });

  it('leaves what is missing empty: no counts, no prediction, no title', () => {
    const row = toRow({ ...channel('c2', null, { days: 0, predicted: null }), growthPatterns: null });
    expect(row).toMatchObject({ title: 'c2', subscribers: null, growth: [], growthChange: null, predicted: null, predictedVsRecent: null, alerts: [] });
  });

  it('sorts by a column either way, missing values last, and searches titles and ids by every word', () => {
    const rows = [channel('a', 'Alpha news', { start: 500 }), channel('b', 'Beta', { start: 100, predicted: null }), channel('c', 'Gamma news', { start: 300, predicted: 0.2 })].map(toRow);
    expect(sortRows(rows, 'subscribers', 'descending').map((r) => r.id)).toEqual(['a', 'c', 'b']);
    expect(sortRows(rows, 'subscribers', 'ascending').map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(sortRows(rows, 'predicted', 'ascending').map((r) => r.id)).toEqual(['a', 'c', 'b']);
    expect(sortRows(rows, 'predicted', 'descending').map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, 'title', 'ascending').map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(searchRows(rows, 'NEWS').map((r) => r.id)).toEqual(['a', 'c']);
    expect(searchRows(rows, 'news gam').map((r) => r.id)).toEqual(['c']);
    expect(searchRows(rows, ' b ').map((r) => r.id)).toEqual(['b']);
    expect(searchRows(rows, '')).toHaveLength(3);
  });
});
