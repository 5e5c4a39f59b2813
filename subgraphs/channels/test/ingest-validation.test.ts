import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@telepulse/platform';
import { assertChannelId, assertChannelTitle, checkPosts, checkSubscriberCounts, enforceAllOrNothing, TEXT_MAX, type PostDraft } from '../src/domain/ingest-validation.js';

const now = new Date('2025-01-01T00:00:00Z');
const draft = (overrides: Partial<PostDraft> = {}): PostDraft => ({
  id: '1', postedAt: new Date('2024-06-01T10:00:00Z'), views: 100, forwards: null, replies: 1, reactions: 2, text: 'hey', hasMedia: false, ...overrides,
});

describe('post validation', () => {
  it('fills textLength from the text and keeps unknown forwards as null', () => {
    expect(checkPosts([draft()], now)).toEqual({ accepted: [{ ...draft(), textLength: 3 }], rejections: [] });
  });

  it('accepts a length without a text, and refuses neither', () => {
    expect(checkPosts([draft({ text: null, textLength: 40 })], now).accepted[0]).toMatchObject({ text: null, textLength: 40 });
    expect(checkPosts([draft({ text: null })], now).rejections[0]).toMatchObject({ field: 'posts[0].textLength', message: 'is required when text is null' });
  });

  it.each([
    ['a negative view count', { views: -5 }, 'posts[0].views', -5],
    ['fractional replies', { replies: 1.5 }, 'posts[0].replies', 1.5],
    ['a length that contradicts the text', { textLength: 9 }, 'posts[0].textLength', 9],
    ['an invalid date', { postedAt: new Date('nope') }, 'posts[0].postedAt', new Date('nope')],
    ['a date in the future', { postedAt: new Date('2025-03-01T00:00:00Z') }, 'posts[0].postedAt', new Date('2025-03-01T00:00:00Z')],
    ['a date before Telegram', { postedAt: new Date('2010-01-01T00:00:00Z') }, 'posts[0].postedAt', new Date('2010-01-01T00:00:00Z')],
    ['a text longer than a Telegram message can be', { text: 'x'.repeat(TEXT_MAX + 1) }, 'posts[0].text', 'x'.repeat(TEXT_MAX + 1)],
  ])('rejects %s, naming the field and value', (_what, overrides, field, value) => {
    const [rejection] = checkPosts([draft(overrides)], now).rejections;
    expect(rejection).toMatchObject({ index: 0, field, value });
  });

  it('rejects the second occurrence of a post id in one request', () => {
    const { accepted, rejections } = checkPosts([draft(), draft({ views: 7 })], now);
    expect(accepted).toHaveLength(1);
    expect(rejections).toEqual([expect.objectContaining({ index: 1, field: 'posts[1].id', message: 'appears twice in this request (first at posts[0])' })]);
  });

  it('all-or-nothing: any rejection becomes one BAD_USER_INPUT listing every issue', () => {
    const checked = checkPosts([draft({ views: -1 }), draft({ id: '2', replies: -2 })], now);
    expect(() => enforceAllOrNothing(checked, false)).toThrow(InvalidInputError);
    expect(() => enforceAllOrNothing(checked, false)).toThrow('posts[0].views: must be at least 0, got -1 (and 1 more)');
    expect(() => enforceAllOrNothing(checked, true)).not.toThrow();
  });
});

describe('subscriber count validation', () => {
  it('truncates to the UTC day and refuses a day given twice', () => {
    const { accepted, rejections } = checkSubscriberCounts(
      [{ date: new Date('2024-06-01T15:00:00Z'), count: 10 }, { date: new Date('2024-06-01T03:00:00Z'), count: 11 }],
      now,
    );
    expect(accepted).toEqual([{ date: new Date('2024-06-01T00:00:00Z'), count: 10 }]);
    expect(rejections[0]).toMatchObject({ index: 1, field: 'points[1].date' });
  });
});

describe('channel ids', () => {
  it('refuses ids outside letters, digits and _ . : -', () => {
    expect(() => assertChannelId('ok_id-1')).not.toThrow();
    expect(() => assertChannelId('has space')).toThrow('channelId: must be 1-128 characters');
  });
});

describe('channel titles', () => {
  it('accepts 256 characters and refuses more, cutting the value it repeats back', () => {
    expect(() => assertChannelTitle('t'.repeat(256))).not.toThrow();
    const refused = (() => {
      try {
        assertChannelTitle('t'.repeat(5000));
      } catch (error) {
        return error as InvalidInputError;
      }
    })();
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect(refused!.details).toMatchObject({ field: 'title', value: `${'t'.repeat(100)}… (5000 characters)` });
    expect(refused!.message).toBe(`title: must be at most 256 characters, got "${'t'.repeat(100)}"… (5000 characters)`);
  });
});
