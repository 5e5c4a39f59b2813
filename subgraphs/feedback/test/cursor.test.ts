import { describe, expect, it } from 'vitest';
import { assertPageLimit, nextCursor, parseCursor } from '../src/domain/cursor.js';

describe('cursors', () => {
  it('reads from the start without a cursor, after the position with one', () => {
    expect(parseCursor(null)).toBe(0);
    expect(parseCursor(undefined)).toBe(0);
    expect(parseCursor('41')).toBe(41);
  });

  it('refuses anything that is not one of its cursors, naming `after`', () => {
    for (const bad of ['', '-1', '1.5', 'abc', '1e3', '9'.repeat(16)]) {
      expect(() => parseCursor(bad)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ field: 'after' }) }));
    }
  });

  it('moves to the last item of a page, and stays put (null without one) when the page is empty', () => {
    expect(nextCursor('3', [{ seq: 4 }, { seq: 9 }])).toBe('9');
    expect(nextCursor('3', [])).toBe('3');
    expect(nextCursor(null, [])).toBeNull();
    expect(nextCursor(undefined, [{ seq: 1 }])).toBe('1');
  });

  it('limits pages to 1..max, naming `limit`', () => {
    expect(() => assertPageLimit(0, 10)).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'limit' }) }));
    expect(() => assertPageLimit(11, 10)).toThrow();
    expect(() => assertPageLimit(10, 10)).not.toThrow();
  });
});
