import { describe, expect, it } from 'vitest';
import { CONTENT_FEATURE_NAMES, contentFeatures, contentFeatureVector } from '../../src/content/text-features.js';

describe('contentFeatures', () => {
  it('lists its features in CONTENT_FEATURE_NAMES order, every one a number, all 0 for an empty text', () => {
    const empty = contentFeatures('');
    expect(Object.keys(empty)).toEqual([...CONTENT_FEATURE_NAMES]);
    expect(contentFeatureVector(empty)).toEqual(CONTENT_FEATURE_NAMES.map(() => 0));
    const some = contentFeatures('Hello, world 2024!');
    expect(contentFeatureVector(some)).toEqual(CONTENT_FEATURE_NAMES.map((name) => some[name]));
  });

  it('counts a Russian post with emoji, links, hashtags, a mention, a question and a call to share', () => {
    const text = '**Главное за день** 🔥\n\nЦены выросли на 5%! Подробнее: https://rbc.ru/news-1 и t.me/dailybrief\n\n#новости #экономика\nспасибо @anna_k\nПоделитесь с друзьями. Что думаете?';
    const f = contentFeatures(text);
    expect(f).toMatchObject({
      lines: 5,
      emoji: 1,
      links: 2,
      hashtags: 2,
      mentions: 1,
      questions: 1,
      endsWithQuestion: 1,
      exclamations: 1,
      shareCalls: 1,
      reactCalls: 0,
      commentCalls: 0,
      callsToAction: 1,
      boldSpans: 1,
      boldTitle: 1,
    });
    expect(f.characters).toBe([...text].length);
    // Главное за день Цены выросли на 5 Подробнее и новости экономика спасибо anna_k… links excluded.
    expect(f.words).toBe(19);
    expect(f.cyrillicShare).toBeGreaterThan(0.8);
    expect(f.cyrillicShare + f.latinShare).toBeCloseTo(1, 12);
    // The shares read the text without its links: "5" is its one digit there.
    const prose = text.replace('https://rbc.ru/news-1', ' ').replace('t.me/dailybrief', ' ');
    expect(f.digitShare).toBeCloseTo(1 / [...prose].length, 12);
    expect(f.characters).toBe([...text].length);
  });

  it('counts emoji as the simulator does: a ZWJ family, a flag, a skin tone and a keycap are one each', () => {
    expect(contentFeatures('👩‍❤️‍👨 🇮🇹 👍🏻 1️⃣').emoji).toBe(4);
    const mood = contentFeatures('Огонь 🔥🔥🔥');
    expect(mood.emoji).toBe(3);
    expect(mood.emojiShare).toBeCloseTo(3 / 9, 12);
  });

  it('tells calls to share, react and comment apart, in English and Russian, and counts other calls too', () => {
    expect(contentFeatures('Share this with a friend. Repost if you agree.')).toMatchObject({ shareCalls: 2, callsToAction: 2 });
    expect(contentFeatures('Share your thoughts in the comments.')).toMatchObject({ shareCalls: 0, commentCalls: 1, callsToAction: 1 });
    expect(contentFeatures('Ставьте 🔥, если согласны. Жмите ❤️!')).toMatchObject({ reactCalls: 2, callsToAction: 2 });
    expect(contentFeatures('Пишите в комментариях.')).toMatchObject({ commentCalls: 2, callsToAction: 2 });
    expect(contentFeatures('Подпишитесь и переходите по ссылке. Subscribe!')).toMatchObject({ callsToAction: 3, shareCalls: 0 });
    expect(contentFeatures('He follows the news; a likeable read.')).toMatchObject({ callsToAction: 0 });
  });

  it('counts hype and ad words in both languages, as whole words or stems', () => {
    expect(contentFeatures('СРОЧНО: эксклюзивное интервью. Breaking!')).toMatchObject({ hypeWords: 3, adWords: 0 });
    expect(contentFeatures('Реклама. Промокод SAVE10 #ad; loaded ahead')).toMatchObject({ adWords: 3, hypeWords: 0 });
  });

  it('reads case and script shares: capitals among cased letters, Cyrillic and Latin among letters', () => {
    const f = contentFeatures('BREAKING: Цены РАСТУТ 42');
    expect(f.uppercaseShare).toBeCloseTo(15 / 18, 12);
    expect(f.cyrillicShare).toBeCloseTo(10 / 18, 12);
    expect(f.latinShare).toBeCloseTo(8 / 18, 12);
    expect(contentFeatures('🔥 42').uppercaseShare).toBe(0);
    // Greek letters are letters of neither alphabet.
    expect(contentFeatures('αβγ abc')).toMatchObject({ latinShare: 0.5, cyrillicShare: 0 });
  });

  it('counts list lines and non-empty lines', () => {
    const f = contentFeatures('Итоги:\n\n- первое\n• второе\n✅ третье\n1. четвёртое\n   \nконец');
    expect(f.listLines).toBe(4);
    expect(f.lines).toBe(6);
  });

  it('reads a decomposed text as its NFC form', () => {
    expect(contentFeatures('cafe\u0301 й')).toEqual(contentFeatures('café й'));
    expect(contentFeatures('cafe\u0301').characters).toBe(4);
    expect(contentFeatures('🔥\ud800x').characters).toBe(3);
  });
});
