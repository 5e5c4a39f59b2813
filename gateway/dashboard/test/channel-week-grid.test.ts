import { describe, expect, it } from 'vitest';
import { localWeekGrid, offsetLabel, utcSlotOf, type UtcCell } from '../src/pages/channel/week-grid.js';

const cells: UtcCell[] = Array.from({ length: 168 }, (_, i) => ({ dayOfWeek: Math.floor(i / 24), hourOfDay: i % 24, predictedEngagement: i / 1000, confidence: 0.5 }));

describe('the best-time grid in the viewer’s zone', () => {
  it('is the UTC grid itself at offset 0', () => {
    const grid = localWeekGrid(cells, [], 0);
    expect(grid).toHaveLength(7);
    expect(grid.every((row) => row.length === 24)).toBe(true);
    expect(grid[2]![9]).toMatchObject({ localDay: 2, localHour: 9, dayOfWeek: 2, hourOfDay: 9, predictedEngagement: 57 / 1000 });
  });

  it('shifts by the offset across midnight and the week’s end: Monday 01:00 at UTC+3 is Sunday 22:00 UTC', () => {
    expect(utcSlotOf(0, 1, 180)).toEqual({ dayOfWeek: 6, hourOfDay: 22 });
    // Sunday 20:00 at UTC−5 is Monday 01:00 UTC.
    expect(utcSlotOf(6, 20, -300)).toEqual({ dayOfWeek: 0, hourOfDay: 1 });
  });

  it('takes the UTC hour a local hour starts in for a half-hour zone: 10:00 at UTC+5:30 is in 04:00 UTC', () => {
    expect(utcSlotOf(3, 10, 330)).toEqual({ dayOfWeek: 3, hourOfDay: 4 });
  });

  it('shows every UTC cell once for a whole-hour offset, and highlights the best UTC cells where they land', () => {
    const grid = localWeekGrid(cells, [{ dayOfWeek: 6, hourOfDay: 22 }], 180);
    const shown = grid.flat().map((c) => c.dayOfWeek * 24 + c.hourOfDay);
    expect(new Set(shown).size).toBe(168);
    expect(grid.flat().filter((c) => c.highlight).map((c) => [c.localDay, c.localHour])).toEqual([[0, 1]]);
  });

  it('refuses a grid that is not the full week', () => {
    expect(() => localWeekGrid(cells.slice(1), [], 0)).toThrow(/expected 168 cells/);
  });

  it('names the offset', () => {
    expect([offsetLabel(0), offsetLabel(180), offsetLabel(330), offsetLabel(-300)]).toEqual(['UTC', 'UTC+3', 'UTC+5:30', 'UTC−5']);
  });
});
