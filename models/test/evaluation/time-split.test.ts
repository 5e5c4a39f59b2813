import { describe, expect, it } from 'vitest';
import { splitChannel } from '../../src/evaluation/time-split.js';
import { handMadeChannel } from './channel-fixtures.js';

const ten = handMadeChannel([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { days: 5 });

describe('splitChannel', () => {
  it('holds out the last 20 % by default: posts 8 and 9 of 10, day 4 of 5', () => {
    const { early, heldOutFrom, heldOutDayFrom } = splitChannel(ten);
    expect(heldOutFrom).toBe(8); // floor(10 × 0.8)
    expect(heldOutDayFrom).toBe(4); // floor(5 × 0.8)
    expect(early.posts.map((p) => p.reactions)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(early.subscriberCounts.map((s) => s.date)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']);
    expect({ id: early.id, title: early.title }).toEqual({ id: ten.id, title: ten.title });
  });

  it('rounds each cut down on its own: a 0.3 share cuts 10 posts at 7 and 5 days at 3', () => {
    const { early, heldOutFrom, heldOutDayFrom } = splitChannel(ten, { heldOutShare: 0.3 });
    expect(heldOutFrom).toBe(7); // floor(7.0)
    expect(heldOutDayFrom).toBe(3); // floor(3.5)
    expect(early.posts).toHaveLength(7);
    expect(early.subscriberCounts).toHaveLength(3);
  });

  it('cuts where the arithmetic says even when doubles say otherwise: 10 × (1 − 0.9) is 1 post, not 0', () => {
    expect(splitChannel(ten, { heldOutShare: 0.9 }).heldOutFrom).toBe(1);
  });

  it('takes the ends: share 0 keeps everything early, share 1 holds everything out, a channel without days has none', () => {
    expect(splitChannel(ten, { heldOutShare: 0 })).toMatchObject({ heldOutFrom: 10, heldOutDayFrom: 5 });
    expect(splitChannel(ten, { heldOutShare: 1 })).toMatchObject({ heldOutFrom: 0, heldOutDayFrom: 0, early: { posts: [], subscriberCounts: [] } });
    expect(splitChannel(handMadeChannel([1, 2, 3])).heldOutDayFrom).toBe(0);
  });

  it('leaves the channel as it was', () => {
    const before = structuredClone(ten);
    splitChannel(ten);
    expect(ten).toEqual(before);
  });

  it('rejects a share outside [0, 1] with a coded error naming it', () => {
    expect(() => splitChannel(ten, { heldOutShare: 1.5 })).toThrow(expect.objectContaining({ code: 'INVALID_EVALUATION_OPTION', message: 'heldOutShare: expected a share in [0, 1], got 1.5' }));
    expect(() => splitChannel(ten, { heldOutShare: Number.NaN })).toThrow('heldOutShare');
  });
});
