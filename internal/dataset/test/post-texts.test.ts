import { describe, expect, it } from 'vitest';
import type { PostRecord } from '../src/interchange.js';
import { channelProfiles, engagementRate, simulateChannels } from '../src/simulator.js';
import { textCues } from '../src/text-effects.js';
import { emojiCount, hashtagCount, linkCount } from '../src/text-patterns.js';

const options = { seed: 21, channels: 80, days: 90 };
const channels = simulateChannels(options);
const profiles = channelProfiles(options);
const texts = channels.flatMap((c) => c.posts.map((p) => p.text ?? '').filter((t) => t !== ''));
const share = (predicate: (text: string) => boolean) => texts.filter(predicate).length / texts.length;
const CYRILLIC = /[а-яё]/i;
const LATIN_WORD = /\b[a-z]{3,}\b/i;
const words = (t: string) => t.split(/\s+/).filter((w) => w !== '').length;

describe('simulated texts: variety', () => {
  it('writes in English, in Russian and in both within one post', () => {
    expect(share((t) => CYRILLIC.test(t))).toBeGreaterThan(0.3);
    expect(share((t) => !CYRILLIC.test(t) && LATIN_WORD.test(t))).toBeGreaterThan(0.3);
    // Russian sentences with English words dropped in, beyond links and hashtags.
    const mixed = (t: string) => CYRILLIC.test(t) && LATIN_WORD.test(t.replace(/https?:\/\/\S+|t\.me\/\S+|#\S+|@\S+/g, ''));
    expect(share(mixed)).toBeGreaterThan(0.03);
  });

  it('writes each channel in its profile’s language', () => {
    channels.forEach((channel, i) => {
      // Emoji-only posts have no language.
      const lettered = channel.posts.map((p) => p.text ?? '').filter((t) => /\p{L}/u.test(t));
      if (lettered.length < 20) return;
      const cyrillic = lettered.filter((t) => CYRILLIC.test(t)).length / lettered.length;
      const language = profiles[i]!.language;
      if (language === 'en') expect(cyrillic, channel.id).toBe(0);
      if (language === 'ru') expect(cyrillic, channel.id).toBe(1);
      if (language === 'mixed') {
        expect(cyrillic, channel.id).toBeGreaterThan(0.3);
        expect(cyrillic, channel.id).toBeLessThan(0.9);
      }
    });
    expect(new Set(profiles.map((p) => p.language))).toEqual(new Set(['en', 'ru', 'mixed']));
  });

  it('varies emoji (none, one, many), links (http(s), t.me), hashtags, mentions, bold titles and line breaks', () => {
    expect(share((t) => emojiCount(t) === 0)).toBeGreaterThan(0.2);
    expect(share((t) => emojiCount(t) === 1)).toBeGreaterThan(0.1);
    expect(share((t) => emojiCount(t) >= 3)).toBeGreaterThan(0.05);
    expect(share((t) => /\u200d/.test(t))).toBeGreaterThan(0.001);
    expect(share((t) => /\p{Regional_Indicator}{2}/u.test(t))).toBeGreaterThan(0.001);
    expect(share((t) => linkCount(t) > 0)).toBeGreaterThan(0.1);
    expect(share((t) => linkCount(t) >= 3)).toBeGreaterThan(0.005);
    expect(share((t) => /(^|\s)(https:\/\/)?t\.me\//.test(t))).toBeGreaterThan(0.02);
    expect(share((t) => /http:\/\//.test(t))).toBeGreaterThan(0.002);
    expect(share((t) => hashtagCount(t) > 0)).toBeGreaterThan(0.1);
    expect(share((t) => /#[а-яё]/i.test(t))).toBeGreaterThan(0.03);
    expect(share((t) => /(^|\s)@\w+/.test(t))).toBeGreaterThan(0.03);
    expect(share((t) => t.startsWith('**'))).toBeGreaterThan(0.05);
    expect(share((t) => /__\S/.test(t))).toBeGreaterThan(0.01);
    expect(share((t) => t.includes('\n'))).toBeGreaterThan(0.4);
    expect(share((t) => !t.includes('\n'))).toBeGreaterThan(0.05);
  });

  it('spans lengths from a single word to long reads', () => {
    expect(share((t) => words(t) === 1)).toBeGreaterThan(0.005);
    expect(share((t) => words(t) <= 3)).toBeGreaterThan(0.03);
    expect(share((t) => t.length > 1500)).toBeGreaterThan(0.01);
    expect(Math.max(...texts.map((t) => t.length))).toBeGreaterThan(3500);
    expect(Math.max(...texts.map((t) => t.length))).toBeLessThanOrEqual(4096 + 600);
  });

  it('asks questions and calls to action in both languages', () => {
    const cued = texts.map((text) => ({ russian: CYRILLIC.test(text), cues: textCues(text) }));
    for (const russian of [true, false]) {
      const these = cued.filter((t) => t.russian === russian);
      const has = (cue: string) => these.filter((t) => t.cues.includes(cue)).length / these.length;
      expect(has('question')).toBeGreaterThan(0.05);
      expect(has('share call')).toBeGreaterThan(0.03);
      expect(has('react call')).toBeGreaterThan(0.03);
      expect(has('comment call')).toBeGreaterThan(0.03);
      expect(has('exclusive') + has('breaking') + has('giveaway')).toBeGreaterThan(0.02);
      expect(has('sponsored') + has('ad') + has('reminder')).toBeGreaterThan(0.02);
    }
  });

  it('rarely repeats a text: templates combine into distinct posts', () => {
    const long = texts.filter((t) => t.length > 100);
    expect(new Set(long).size / long.length).toBeGreaterThan(0.98);
  });
});

describe('simulated texts: their effects show in the counts', () => {
  /** Per post: its (forwards + reactions) per view, and its kinds, relative to its channel's mean. */
  const relative = channels
    .filter((_, i) => !profiles[i]!.forwardsUnknown)
    .flatMap((c) => {
      const withText = c.posts.filter((p) => p.text !== '' && p.views > 0);
      const mean = (f: (p: PostRecord) => number) => withText.reduce((s, p) => s + f(p), 0) / withText.length;
      const level = mean(engagementRate);
      const forwards = mean((p) => (p.forwards ?? 0) / p.views);
      const reactions = mean((p) => p.reactions / p.views);
      if (!(level > 0 && forwards > 0 && reactions > 0)) return [];
      return withText.map((p) => ({
        russian: CYRILLIC.test(p.text!),
        cues: textCues(p.text!),
        rate: engagementRate(p) / level,
        forwards: (p.forwards ?? 0) / p.views / forwards,
        reactions: p.reactions / p.views / reactions,
      }));
    });
  const meanOf = (rows: typeof relative, f: (r: (typeof relative)[number]) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
  const split = (cue: (cues: string[]) => boolean) => ({ with: relative.filter((r) => cue(r.cues)), without: relative.filter((r) => !cue(r.cues)) });

  it('a call to share raises forwards', () => {
    const { with: asked, without } = split((c) => c.includes('share call'));
    expect(asked.length).toBeGreaterThan(200);
    expect(meanOf(asked, (r) => r.forwards) / meanOf(without, (r) => r.forwards)).toBeGreaterThan(2);
  });

  it('short emoji-heavy posts get reactions', () => {
    const { with: mood, without } = split((c) => c.includes('emoji-heavy short'));
    expect(mood.length).toBeGreaterThan(200);
    expect(meanOf(mood, (r) => r.reactions) / meanOf(without, (r) => r.reactions)).toBeGreaterThan(1.8);
  });

  it('links lower engagement, the more links the more', () => {
    const links = (r: (typeof relative)[number]) => Number(/^links(?: ×(\d+))?$/.exec(r.cues.find((c) => c.startsWith('links')) ?? '')?.[1] ?? (r.cues.includes('links') ? 1 : 0));
    const none = relative.filter((r) => links(r) === 0);
    const one = relative.filter((r) => links(r) === 1);
    const several = relative.filter((r) => links(r) >= 2);
    expect(several.length).toBeGreaterThan(100);
    expect(meanOf(one, (r) => r.rate)).toBeLessThan(0.85 * meanOf(none, (r) => r.rate));
    expect(meanOf(several, (r) => r.rate)).toBeLessThan(0.8 * meanOf(one, (r) => r.rate));
  });

  it('Russian markers work as the English ones do', () => {
    const has = (r: (typeof relative)[number], names: string[]) => names.some((n) => r.cues.includes(n));
    for (const russian of [true, false]) {
      const these = relative.filter((r) => r.russian === russian);
      const boosted = these.filter((r) => has(r, ['exclusive', 'breaking', 'giveaway']) && !has(r, ['sponsored', 'ad', 'reminder']));
      const damped = these.filter((r) => has(r, ['sponsored', 'ad', 'reminder']) && !has(r, ['exclusive', 'breaking', 'giveaway']));
      expect(boosted.length).toBeGreaterThan(50);
      expect(damped.length).toBeGreaterThan(50);
      expect(meanOf(boosted, (r) => r.rate) / meanOf(damped, (r) => r.rate), russian ? 'Russian' : 'English').toBeGreaterThan(1.4);
    }
  });
});
