/**
 * The Channels table's rows, from the query's answer: what each column shows and sorts by.
 * Plain functions (no DOM), so sorting, searching and the 30-day window are unit-tested.
 */
import type { ChannelsTableQuery } from '../../__generated__/graphql.js';

type Channel = NonNullable<ChannelsTableQuery['listChannels']>[number];

/** Days of counts the growth sparkline and the growth column cover, up to each channel's latest count. */
export const GROWTH_WINDOW_DAYS = 30;
/** Anomalies and change points this recent (before the latest analysed day) count as open alerts. */
export const ALERT_WINDOW_DAYS = 14;

export interface ChannelAlert {
  date: string;
  /** BURST, DROP (an anomalous day's gain) or CHANGE_POINT (the growth rate's course broke). */
  kind: 'BURST' | 'DROP' | 'CHANGE_POINT';
}

export interface ChannelRow {
  id: string;
  title: string;
  postCount: number;
  subscribers: number | null;
  subscribersDate: string | null;
  /** The counts of the last GROWTH_WINDOW_DAYS days up to the latest, oldest first. */
  growth: number[];
  /** Relative change over that window: (last − first) / first; null with fewer than two counts. */
  growthChange: number | null;
  predicted: number | null;
  baseline: number | null;
  /** predicted / baseline − 1; null when either is missing or the baseline is 0. */
  predictedVsRecent: number | null;
  confidence: number | null;
  alerts: ChannelAlert[];
}

const DAY_MS = 86_400_000;
const dayMs = (date: string) => Date.parse(`${date.slice(0, 10)}T00:00:00Z`);

/** The table's row for one channel of the answer. */
export function toRow(channel: Channel): ChannelRow {
  const latest = channel.latestSubscriberCount;
  const lastDay = latest ? dayMs(latest.date) : null;
  // The query asks for these days already; the filter keeps the window if it ever asks for more.
  const growth = lastDay === null ? [] : channel.recentSubscriberCounts.filter((c) => dayMs(c.date) > lastDay - GROWTH_WINDOW_DAYS * DAY_MS && dayMs(c.date) <= lastDay).map((c) => c.count);
  const first = growth[0];
  const last = growth[growth.length - 1];
  const prediction = channel.engagementPrediction;
  const predicted = prediction?.predictedEngagement ?? null;
  const baseline = prediction?.baseline ?? null;
  const patterns = channel.growthPatterns;
  const alertsFrom = patterns ? dayMs(patterns.to) - ALERT_WINDOW_DAYS * DAY_MS : Infinity;
  const alerts: ChannelAlert[] = patterns
    ? [
        ...patterns.anomalies.filter((a) => dayMs(a.date) > alertsFrom).map((a) => ({ date: a.date, kind: a.kind })),
        ...patterns.changePoints.filter((c) => dayMs(c.date) > alertsFrom).map((c) => ({ date: c.date, kind: 'CHANGE_POINT' as const })),
      ].sort((a, b) => b.date.localeCompare(a.date))
    : [];
  return {
    id: channel.id,
    title: channel.title ?? channel.id,
    postCount: channel.postCount,
    subscribers: latest?.count ?? null,
    subscribersDate: latest?.date ?? null,
    growth,
    growthChange: first !== undefined && last !== undefined && growth.length >= 2 && first > 0 ? (last - first) / first : null,
    predicted,
    baseline,
    predictedVsRecent: predicted !== null && baseline !== null && baseline > 0 ? predicted / baseline - 1 : null,
    confidence: prediction?.confidence ?? null,
    alerts,
  };
}

export type SortKey = 'title' | 'subscribers' | 'growthChange' | 'predicted' | 'predictedVsRecent' | 'alerts';
export type SortDirection = 'ascending' | 'descending';

function sortValue(row: ChannelRow, key: SortKey): string | number | null {
  switch (key) {
    case 'title':
      return row.title.toLocaleLowerCase();
    case 'alerts':
      return row.alerts.length;
    default:
      return row[key];
  }
}

/** Rows sorted by `key`; missing values last whichever the direction; ties by title. */
export function sortRows(rows: readonly ChannelRow[], key: SortKey, direction: SortDirection): ChannelRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    if (va !== null && vb !== null && va !== vb) return (va < vb ? -1 : 1) * sign;
    return a.title.localeCompare(b.title);
  });
}

/** Rows whose title or id contains every word of `search` (case-insensitive). */
export function searchRows(rows: readonly ChannelRow[], search: string): ChannelRow[] {
  const words = search.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const text = `${row.title} ${row.id}`.toLocaleLowerCase();
    return words.every((word) => text.includes(word));
  });
}
