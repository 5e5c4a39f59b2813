import { describe, expect, it } from 'vitest';
import type { HistoryPost } from '@telepulse/models/engagement/features';
import { typicalNextPost } from '../src/domain/typical-post.js';

const post = (iso: string, textLength: number, hasMedia: boolean): HistoryPost => ({
  postedAt: new Date(iso), views: 100, forwards: 1, replies: 1, reactions: 1, textLength, hasMedia,
});

describe('typicalNextPost', () => {
  const history = [
    post('2024-06-01T18:05:00Z', 100, true),
    post('2024-06-02T18:40:00Z', 300, true),
    post('2024-06-03T09:00:00Z', 200, false),
    post('2024-06-04T18:10:00Z', 250, true),
  ];

  it('uses the most frequent hour, the median length and the majority media habit', () => {
    expect(typicalNextPost(history, new Date('2024-06-05T12:00:00Z'))).toEqual({ hourOfDay: 18, dayOfWeek: 2, contentLength: 250, hasMedia: true, postedAt: new Date('2024-06-05T18:00:00Z') });
  });

  it('moves to the next day when that hour has passed today, with that day\'s weekday', () => {
    expect(typicalNextPost(history, new Date('2024-06-05T19:00:00Z'))).toMatchObject({ hourOfDay: 18, dayOfWeek: 3 });
  });

  it('breaks a tie between hours in favour of the most recent post', () => {
    const tie = [post('2024-06-01T07:00:00Z', 10, false), post('2024-06-02T21:00:00Z', 10, false)];
    expect(typicalNextPost(tie, new Date('2024-06-03T00:00:00Z')).hourOfDay).toBe(21);
  });

  it('refuses an empty history', () => {
    expect(() => typicalNextPost([], new Date())).toThrow('at least one past post');
  });
});
