import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@telepulse/platform';
import { checkHistory } from '../src/domain/history-checks.js';

const post = { postedAt: '2024-05-01T10:00:00.000Z', views: 100, forwards: null, replies: 2, reactions: 3, textLength: 20, hasMedia: false };
const issues = (posts: unknown) => {
  try {
    checkHistory(posts, 'representations[0].recentPosts');
  } catch (error) {
    if (error instanceof InvalidInputError) return error.issues.map((i) => i.field);
    throw error;
  }
  return [];
};

describe('history posts from a federation representation', () => {
  it('become history posts with real dates', () => {
    expect(checkHistory([post, { ...post, postedAt: '2024-05-01T12:30:00+02:00', forwards: 4 }], 'recentPosts')).toEqual([
      { ...post, postedAt: new Date('2024-05-01T10:00:00Z') },
      { ...post, postedAt: new Date('2024-05-01T10:30:00Z'), forwards: 4 },
    ]);
  });

  it.each([
    ['views', 'NaN'],
    ['views', Number.POSITIVE_INFINITY],
    ['views', -1],
    ['replies', 0.5],
    ['reactions', null],
    ['textLength', undefined],
    ['forwards', Number.NaN],
    ['hasMedia', 'yes'],
    ['postedAt', '2024-02-30T00:00:00Z'],
    ['postedAt', '2024-05-01T24:00:00Z'],
    ['postedAt', '2024-05-01'],
    ['postedAt', 1714557600000],
  ])('refuses %s = %s as BAD_USER_INPUT naming the field', (field, value) => {
    expect(issues([post, { ...post, [field]: value }])).toEqual([`representations[0].recentPosts[1].${field}`]);
  });

  it('names every broken field at once, and refuses what is not a list', () => {
    expect(issues([{ ...post, views: -1, hasMedia: 1 }])).toEqual(['representations[0].recentPosts[0].views', 'representations[0].recentPosts[0].hasMedia']);
    expect(issues({ 0: post })).toEqual(['representations[0].recentPosts']);
  });
});
