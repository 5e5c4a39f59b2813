import { describe, expect, it } from 'vitest';
import { emojiCount, hashtagCount, linkCount, mentionCount, withoutLinks, WordFinder } from '../src/text-patterns.js';

describe('emojiCount', () => {
  it('counts an emoji as one pictograph with its modifiers and joins, a flag or a keycap', () => {
    expect(emojiCount('')).toBe(0);
    expect(emojiCount('plain text, © not alone? ©')).toBe(2);
    expect(emojiCount('👩‍❤️‍👨')).toBe(1);
    expect(emojiCount('🏳️‍🌈🇮🇹🇰🇿')).toBe(3);
    expect(emojiCount('👍🏻 🙏🏽 1️⃣ ❤️ ☀️')).toBe(5);
    expect(emojiCount('🔥🔥🔥 огонь')).toBe(3);
    expect(emojiCount('— ’ • № ₽ 2024')).toBe(0);
  });
});

describe('links, hashtags, mentions', () => {
  it('counts http(s) URLs and t.me links with or without a scheme, not an address that only contains t.me', () => {
    expect(linkCount('Source: https://bbc.com/news-1, http://x.org/a and t.me/dailybrief and https://t.me/+abc')).toBe(4);
    expect(linkCount('write to me@t.me/x or example.com')).toBe(0);
    expect(withoutLinks('read https://a.b/c now')).toBe('read   now');
  });

  it('counts hashtags in any alphabet, not inside a word or after another #', () => {
    expect(hashtagCount('#a #б #c_1 #d, not a#b or ##')).toBe(4);
  });

  it('counts Telegram usernames, not e-mail addresses or too short names', () => {
    expect(mentionCount('via @dailybrief, cc @anna_k; mail me@example.com; @abc')).toBe(2);
  });
});

describe('WordFinder', () => {
  const finder = new WordFinder(
    new Map([
      ['share', { words: ['share this with', 'поделитесь'], stems: ['репост'] }],
      ['react', { words: ['put a', 'put an'], followedBy: / \p{Extended_Pictographic}/uy }],
      ['ad', { words: ['ad'] }],
    ]),
  );

  it('counts whole words and phrases in any case, and words starting with a stem', () => {
    expect(finder.count('SHARE THIS WITH a friend. Поделитесь! Репосты и репост.')).toEqual(new Map([['share', 4]]));
    expect(finder.count('#ad, Ad and ad-free')).toEqual(new Map([['ad', 3]]));
  });

  it('ignores words inside other words, and phrases not followed by what they need', () => {
    expect(finder.count('ahead, already loaded; unshare this with; поделитеськи')).toEqual(new Map());
    expect(finder.count('put a stop to it, put an 🔥 here, put a ❤️ there')).toEqual(new Map([['react', 2]]));
  });
});
