/**
 * The best-time grid in the viewer's zone. The model's 168 cells are UTC weekday × hour; a viewer
 * plans in local time, so each local (weekday, hour) shows the UTC cell its start falls in, at
 * the zone's offset now (a zone half an hour off UTC shows the UTC hour its local hour starts in).
 */

export interface UtcCell {
  /** 0 = Monday .. 6 = Sunday, UTC. */
  dayOfWeek: number;
  /** 0..23, UTC. */
  hourOfDay: number;
  predictedEngagement: number;
  confidence: number;
}

export interface LocalCell extends UtcCell {
  /** The local weekday (0 = Monday) and hour this cell shows. */
  localDay: number;
  localHour: number;
  highlight: boolean;
}

const WEEK_MINUTES = 7 * 24 * 60;

/** The UTC (weekday, hour) a local (weekday, hour) starts in, for a zone `offsetMinutes` ahead of UTC. */
export function utcSlotOf(localDay: number, localHour: number, offsetMinutes: number): { dayOfWeek: number; hourOfDay: number } {
  const minutes = (((localDay * 24 + localHour) * 60 - offsetMinutes) % WEEK_MINUTES + WEEK_MINUTES) % WEEK_MINUTES;
  const hour = Math.floor(minutes / 60);
  return { dayOfWeek: Math.floor(hour / 24), hourOfDay: hour % 24 };
}

/**
 * Rows Monday..Sunday (local), 24 local hours each, every cell the UTC cell it starts in; `best`
 * (UTC cells) highlighted. Throws when `cells` is not the full week (168 cells).
 */
export function localWeekGrid(cells: readonly UtcCell[], best: readonly { dayOfWeek: number; hourOfDay: number }[], offsetMinutes: number): LocalCell[][] {
  if (cells.length !== 168) throw new RangeError(`expected 168 cells (7 weekdays × 24 hours), got ${cells.length}`);
  const byUtc = new Map(cells.map((c) => [c.dayOfWeek * 24 + c.hourOfDay, c]));
  const bestKeys = new Set(best.map((b) => b.dayOfWeek * 24 + b.hourOfDay));
  return Array.from({ length: 7 }, (_, localDay) =>
    Array.from({ length: 24 }, (_, localHour) => {
      const slot = utcSlotOf(localDay, localHour, offsetMinutes);
      const key = slot.dayOfWeek * 24 + slot.hourOfDay;
      const cell = byUtc.get(key);
      if (!cell) throw new RangeError(`no cell for UTC weekday ${slot.dayOfWeek}, hour ${slot.hourOfDay}`);
      return { ...cell, localDay, localHour, highlight: bestKeys.has(key) };
    }),
  );
}

/** `UTC+5:30`, `UTC−3`, `UTC` for an offset in minutes ahead of UTC. */
export function offsetLabel(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes > 0 ? '+' : '−';
  const abs = Math.abs(offsetMinutes);
  const minutes = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}
