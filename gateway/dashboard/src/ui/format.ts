/**
 * How numbers and times read on every page: numbers grouped and shortened for the viewer's
 * locale, rates as percentages, times in the viewer's time zone with the UTC instant kept for
 * the `title` (shown on hover) so nobody has to guess which zone a time is in.
 */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 2 });
const signedPercent = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

const DASH = '—';
const finite = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/** 12,345 (grouped); — when missing. */
export function formatInteger(value: number | null | undefined): string {
  return finite(value) ? integer.format(value) : DASH;
}

/** 12.3K (compact); — when missing. */
export function formatCompact(value: number | null | undefined): string {
  return finite(value) ? compact.format(value) : DASH;
}

/** A rate 0.0423 as 4.23 %; — when missing. */
export function formatPercent(value: number | null | undefined): string {
  return finite(value) ? percent.format(value) : DASH;
}

/** A relative change 0.052 as +5.2 %; — when missing. */
export function formatChange(value: number | null | undefined): string {
  return finite(value) ? signedPercent.format(value) : DASH;
}

/** A number with `digits` decimals; — when missing. */
export function formatDecimal(value: number | null | undefined, digits = 3): string {
  return finite(value) ? value.toFixed(digits) : DASH;
}

export interface FormattedTime {
  /** In the viewer's zone, e.g. "1 Dec 2026, 21:05". */
  text: string;
  /** The UTC instant, ISO 8601: for `title` and `dateTime`. */
  utc: string;
}

/** An instant (ISO string, epoch ms or Date) in the viewer's zone, with its UTC ISO form; null when missing or invalid. */
export function formatTime(value: string | number | Date | null | undefined, style: 'datetime' | 'time' = 'datetime'): FormattedTime | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return { text: (style === 'time' ? timeOnly : dateTime).format(date), utc: date.toISOString() };
}

/** A calendar date (`2026-12-01`, a Date scalar) as the viewer reads dates; it names a day, not an instant, so no zone shift. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return DASH;
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? value : dateOnly.format(date);
}

/** "3 min ago" for an instant relative to `now`. */
export function formatAgo(value: string | number | Date, now: number = Date.now()): string {
  const ms = now - (value instanceof Date ? value.getTime() : new Date(value).getTime());
  if (!Number.isFinite(ms)) return DASH;
  const s = Math.round(ms / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}
