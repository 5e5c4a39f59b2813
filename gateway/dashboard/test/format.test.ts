import { describe, expect, it } from 'vitest';
import { formatAgo, formatChange, formatDate, formatInteger, formatPercent, formatTime } from '../src/ui/format.js';

describe('how the dashboard writes numbers and times', () => {
  it('writes a dash for what is missing or not finite', () => {
    for (const format of [formatInteger, formatPercent, formatChange]) {
      expect(format(null)).toBe('—');
      expect(format(undefined)).toBe('—');
      expect(format(Number.NaN)).toBe('—');
    }
    expect(formatTime(null)).toBeNull();
    expect(formatTime('not a time')).toBeNull();
    expect(formatDate(null)).toBe('—');
  });

  it('keeps the UTC instant beside the local text, for the title', () => {
    const time = formatTime('2026-12-01T21:05:00Z')!;
    expect(time.utc).toBe('2026-12-01T21:05:00.000Z');
    expect(time.text.length).toBeGreaterThan(0);
  });

  it('signs relative changes and counts ages', () => {
    expect(formatChange(0.052)).toMatch(/^\+/);
    expect(formatChange(-0.052)).toMatch(/^[-−]/);
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(formatAgo('2026-12-01T11:59:30Z', now)).toBe('just now');
    expect(formatAgo('2026-12-01T11:30:00Z', now)).toBe('30 min ago');
    expect(formatAgo('2026-11-29T12:00:00Z', now)).toBe('2 d ago');
  });
});
