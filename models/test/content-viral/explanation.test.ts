import { describe, expect, it } from 'vitest';
import { explanationFrom, MAX_DRIVERS, MAX_OCCLUDED_WORDS, occlusionsOf } from '../../src/content-viral/explanation.js';

const estimate = { score: 0.4, confidence: 0.6, tokens: 20, truncated: false };

describe('occlusion explanations', () => {
  it('takes out each word read with the whitespace after it (before it, for the last)', () => {
    const text = 'Big  giveaway today';
    expect(occlusionsOf(text, [{ start: 0, end: text.length }])).toEqual([
      { text: 'Big', start: 0, end: 3, variant: 'giveaway today' },
      { text: 'giveaway', start: 5, end: 13, variant: 'Big  today' },
      { text: 'today', start: 14, end: 19, variant: 'Big  giveaway' },
    ]);
  });

  it('skips words the model does not read (the middle of a long text) and keeps positions in the text', () => {
    const text = 'head words middle part tail end';
    const occlusions = occlusionsOf(text, [
      { start: 0, end: 7 },
      { start: 23, end: text.length },
    ]);
    expect(occlusions.map((o) => o.text)).toEqual(['head', 'words', 'tail', 'end']);
    for (const o of occlusions) expect(text.slice(o.start, o.end)).toBe(o.text);
  });

  it(`occludes at most ${MAX_OCCLUDED_WORDS} words`, () => {
    const text = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    expect(occlusionsOf(text, [{ start: 0, end: text.length }])).toHaveLength(MAX_OCCLUDED_WORDS);
  });

  it('reports the words whose removal lowers the score, largest effect first, at most a few', () => {
    const words = Array.from({ length: 8 }, (_, i) => ({ text: `w${i}`, start: 3 * i, end: 3 * i + 2, variant: '' }));
    // Without w3 the score drops most; w5 raises the score when removed (not a driver).
    const without = [0.39, 0.35, 0.38, 0.1, 0.4, 0.45, 0.3, 0.2];
    const explanation = explanationFrom(estimate, words, without);
    expect(explanation.drivers.map((d) => d.text)).toEqual(['w3', 'w7', 'w6', 'w1', 'w2'].slice(0, MAX_DRIVERS));
    expect(explanation.drivers[0]).toEqual({ text: 'w3', start: 9, end: 11, effect: expect.closeTo(0.3, 10) });
    expect({ ...explanation, drivers: [] }).toEqual({ ...estimate, drivers: [] });
  });
});
