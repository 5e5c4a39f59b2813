import { describe, expect, it } from 'vitest';
import * as vocabulary from '../src/post-vocabulary.js';
import { simulateChannels } from '../src/simulator.js';
import { EMPTY_TEXT_EFFECT, lengthFactor, MEAN_TEXT_EFFECT, shouts, textCues, textEffect, WORD_CUE_NAMES } from '../src/text-effects.js';
import { hashtagCount, linkCount } from '../src/text-patterns.js';

/** A neutral 350-character text: the length rule's best, no cue. */
const neutral = 'The city council approved the plan. '.repeat(10).slice(0, 350).trim();
const ratio = (text: string) => {
  const e = textEffect(text);
  const base = textEffect(neutral);
  return { rate: e.rate / base.rate, reactions: e.reactions, forwards: e.forwards, replies: e.replies };
};

describe('textEffect: the header’s cues', () => {
  it('gives an empty text the media-only effect and a cue-free 350-character text the length rule’s best over the mean', () => {
    expect(textEffect('')).toEqual(EMPTY_TEXT_EFFECT);
    expect(textCues(neutral)).toEqual([]);
    expect(textEffect(neutral).rate).toBeCloseTo(lengthFactor(neutral.length) / MEAN_TEXT_EFFECT, 12);
    expect(lengthFactor(350)).toBeCloseTo(1.15, 12);
    expect(lengthFactor(3)).toBeLessThan(0.75);
    expect(lengthFactor(4000)).toBeLessThan(0.85);
  });

  it('reads marker words in English and in Russian, in any case and inflection, as whole words only', () => {
    expect(ratio(`Exclusive: ${neutral}`).rate).toBeCloseTo(1.3, 1);
    expect(textCues(`Эксклюзивно: ${neutral}`)).toContain('exclusive');
    expect(textCues(`эксклюзивный материал`)).toContain('exclusive');
    expect(textCues(`СРОЧНО: мост закрыт`)).toContain('breaking');
    expect(textEffect(`СРОЧНО: мост закрыт`).forwards).toBe(1.6);
    expect(textCues(`Розыгрыш! Оставьте комментарий`)).toEqual(expect.arrayContaining(['giveaway', 'comment call']));
    expect(textCues(`Напоминаем: завтра`)).toContain('reminder');
    expect(textCues(`На правах рекламы: кофе`)).toContain('sponsored');
    expect(textCues(`Кофе #промо`)).toContain('ad');
    expect(textCues(`Coffee #ad`)).toContain('ad');
    // "ad" inside a word, "exclusively", "промокод": no marker.
    expect(textCues('We read ahead, already loaded.')).toEqual([]);
    expect(textCues('Exclusively ours; промокод внутри.')).toEqual([]);
  });

  it('tells a call to share from a call to comment, and needs an emoji after a call to react', () => {
    expect(textCues('Share this with a friend who needs it.')).toEqual(['share call']);
    expect(textCues('Перешлите друзьям.')).toEqual(['share call']);
    expect(textCues('Сделайте репост, если согласны.')).toEqual(['share call']);
    expect(textCues('Share your thoughts in the comments.')).toEqual(['comment call']);
    expect(textCues('Делитесь мнением в комментариях.')).toEqual(['comment call']);
    expect(textCues('Перешли бы на новый редактор')).toEqual([]);
    expect(textEffect('Forward this to your team.').forwards).toBe(3);
    expect(textCues('Ставьте 🔥, если согласны.')).toEqual(['react call', 'emoji']);
    expect(textEffect('Put a ❤️ if you agree.').reactions).toBe(2);
    expect(textCues('We put a stop to it.')).toEqual([]);
  });

  it('counts links (http, https, t.me with or without a scheme), each one lowering the rate', () => {
    expect(linkCount('Source: https://bbc.com/news-1, http://x.org/a and t.me/dailybrief and https://t.me/+abc')).toBe(4);
    expect(linkCount('write to me@t.me/x or example.com')).toBe(0);
    expect(ratio(`${neutral} https://a.com/1`).rate).toBeCloseTo(0.7, 1);
    expect(textCues(`${neutral} https://a.com/1 https://a.com/2 t.me/x`)).toEqual(['links ×3']);
  });

  it('gives short emoji-heavy texts reactions ×3, and other texts with emoji a rate ×1.15', () => {
    expect(textEffect('Огонь 🔥🔥🔥').reactions).toBe(3);
    expect(textCues('Огонь 🔥🔥🔥')).toEqual(['emoji-heavy short']);
    expect(textCues(`${neutral} 🔥🔥🔥`)).toEqual(['emoji']);
    expect(ratio(`${neutral} 🔥`).rate).toBeCloseTo(1.15, 1);
  });

  it('reads many hashtags, a bold title and shouting, in both alphabets', () => {
    expect(hashtagCount('#a #б #c_1 #d, not a#b or ##')).toBe(4);
    expect(textCues(`${neutral} #news #city #economy #politics`)).toEqual(['many hashtags']);
    expect(textCues(`${neutral} #news #city #economy`)).toEqual([]);
    expect(textCues(`**Главное за день**\n\n${neutral}`)).toEqual(['bold title']);
    expect(textCues(`Главное за **день**`)).toEqual([]);
    expect(shouts('ЦЕНЫ НА ТОПЛИВО ВЫРАСТУТ С ПОНЕДЕЛЬНИКА')).toBe(true);
    expect(shouts('BUSES RUN ON THE WEEKEND SCHEDULE')).toBe(true);
    expect(shouts('OK GO')).toBe(false);
    expect(shouts(neutral)).toBe(false);
  });

  it('multiplies the cues it finds', () => {
    const text = `Exclusive: ${neutral} https://a.com/1\n\nWhat do you think?`;
    expect(textCues(text)).toEqual(['exclusive', 'question', 'links']);
    const e = textEffect(text);
    expect(e.rate).toBeCloseTo((lengthFactor(text.length) / MEAN_TEXT_EFFECT) * 1.3 * 1.1 * 0.7, 12);
    expect(e.replies).toBe(2);
    expect(e.boosted).toBe(true);
    expect(textEffect(`Reminder: ${neutral}`).boosted).toBe(false);
  });
});

describe('the vocabulary', () => {
  it('never holds a marker word or a call to action outside the lists meant to carry one', () => {
    const carriers = new Set(['CALLS_TO_SHARE', 'CALLS_TO_REACT', 'CALLS_TO_COMMENT', 'GIVEAWAY_LINES', 'MARKER_PREFIXES', 'AD_TAGS']);
    const strings = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
    const offending = Object.entries(vocabulary)
      .filter(([name]) => !carriers.has(name))
      .flatMap(([, value]) => strings(value))
      .filter((s) => textCues(s).some((cue) => WORD_CUE_NAMES.includes(cue)));
    expect(offending).toEqual([]);
  });

  it('puts the cue each carrier list is for in every one of its lines', () => {
    const all = (lists: Record<string, readonly string[]>) => Object.values(lists).flat();
    expect(all(vocabulary.CALLS_TO_SHARE).every((s) => textCues(s).includes('share call'))).toBe(true);
    expect(all(vocabulary.CALLS_TO_REACT).every((s) => textCues(s.replace('{e}', '🔥')).includes('react call'))).toBe(true);
    expect(all(vocabulary.CALLS_TO_COMMENT).every((s) => textCues(s).includes('comment call'))).toBe(true);
    expect(all(vocabulary.GIVEAWAY_LINES).every((s) => textCues(s).includes('giveaway'))).toBe(true);
    for (const [marker, lists] of Object.entries(vocabulary.MARKER_PREFIXES)) {
      expect(all(lists).every((s) => textCues(`${s}${neutral}`).includes(marker)), marker).toBe(true);
    }
  });
});

describe('MEAN_TEXT_EFFECT', () => {
  it('is the mean effect of simulated texts on all engagement, so text posts keep their channel’s level', () => {
    const texts = simulateChannels({ seed: 5, channels: 60, days: 60 }).flatMap((c) => c.posts.map((p) => p.text ?? '').filter((t) => t !== ''));
    expect(texts.length).toBeGreaterThan(3000);
    const total = (t: string) => {
      const e = textEffect(t);
      return e.rate * (0.7 * e.reactions + 0.18 * e.forwards + 0.12 * e.replies);
    };
    const mean = texts.reduce((s, t) => s + total(t), 0) / texts.length;
    expect(mean).toBeGreaterThan(0.95);
    expect(mean).toBeLessThan(1.1);
  });
});
