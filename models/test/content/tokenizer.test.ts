import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_BYTE_OFFSET,
  CONTENT_CLS,
  CONTENT_PAD,
  CONTENT_TRUNCATED,
  CONTENT_VOCAB,
  ContentTokensError,
  tokenizeContent,
  tokenSpans,
} from '../../src/content/tokenizer.js';

const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const byteIds = (s: string) => utf8(s).map((b) => b + CONTENT_BYTE_OFFSET);
const pads = (n: number) => new Array<number>(n).fill(CONTENT_PAD);

describe('tokenizeContent', () => {
  it('keeps the fixed ids: PAD 0, CLS 1, TRUNCATED 2, bytes from 3, a vocabulary of 259', () => {
    expect([CONTENT_PAD, CONTENT_CLS, CONTENT_TRUNCATED, CONTENT_BYTE_OFFSET, CONTENT_VOCAB]).toEqual([0, 1, 2, 3, 259]);
  });

  it('writes CLS, each UTF-8 byte + 3, then PAD, for English, Russian, emoji and links', () => {
    expect([...tokenizeContent('Hi', 5).ids]).toEqual([1, 72 + 3, 105 + 3, 0, 0]);
    const russian = tokenizeContent('Привет', 16);
    expect([...russian.ids]).toEqual([1, ...byteIds('Привет'), ...pads(3)]);
    expect(russian.ids[1]).toBe(0xd0 + 3); // П is D0 9F
    expect(russian.ids[2]).toBe(0x9f + 3);
    expect(russian).toMatchObject({ length: 13, truncated: false });
    const link = 'see https://t.me/dailybrief/42';
    expect([...tokenizeContent(link, 40).ids]).toEqual([1, ...byteIds(link), ...pads(40 - 1 - link.length)]);
    expect(tokenizeContent('🔥', 8).length).toBe(5);
  });

  it('reads a ZWJ sequence and a flag as their bytes, every id inside the vocabulary', () => {
    const family = '👩‍❤️‍👨';
    const flags = '🇮🇹🇰🇿';
    expect(utf8(family)).toHaveLength(20);
    const tokens = tokenizeContent(`${family}${flags}`, 64);
    expect([...tokens.ids.slice(1, 1 + 36)]).toEqual(byteIds(`${family}${flags}`));
    expect(tokens.length).toBe(37);
    expect([...tokens.ids].every((id) => id >= 0 && id < CONTENT_VOCAB)).toBe(true);
  });

  it('gives an empty text CLS alone, and a lone surrogate the bytes of U+FFFD', () => {
    expect(tokenizeContent('', 4)).toEqual({ ids: Int32Array.from([1, 0, 0, 0]), length: 1, truncated: false });
    expect([...tokenizeContent('\ud800', 5).ids]).toEqual([1, 0xef + 3, 0xbf + 3, 0xbd + 3, 0]);
  });

  it('normalizes to NFC: a decomposed accent and a precomposed one give the same ids', () => {
    expect(tokenizeContent('cafe\u0301', 10)).toEqual(tokenizeContent('café', 10));
    expect(tokenizeContent('й', 4)).toEqual(tokenizeContent('и\u0306', 4));
  });

  it('fills the window exactly when the bytes just fit, and truncates one byte later', () => {
    expect(tokenizeContent('abcde', 6)).toEqual({ ids: Int32Array.from([1, ...byteIds('abcde')]), length: 6, truncated: false });
    expect(tokenizeContent('abcdef', 6)).toEqual({ ids: Int32Array.from([1, ...byteIds('abcd'), CONTENT_TRUNCATED]), length: 6, truncated: true });
    expect([...tokenizeContent('anything', 2).ids]).toEqual([CONTENT_CLS, CONTENT_TRUNCATED]);
  });

  it('truncates inside a multi-byte character by keeping its first bytes', () => {
    // "абв" is D0 B0 D0 B1 D0 B2: a window of 5 keeps "а" and the first byte of "б".
    expect(tokenizeContent('аб', 5).truncated).toBe(false);
    const tokens = tokenizeContent('абв', 5);
    expect([...tokens.ids]).toEqual([1, 0xd0 + 3, 0xb0 + 3, 0xd0 + 3, CONTENT_TRUNCATED]);
    expect(tokens.truncated).toBe(true);
    // An emoji cut after 2 of its 4 bytes.
    expect([...tokenizeContent('a🔥', 5).ids]).toEqual([1, 97 + 3, 0xf0 + 3, 0x9f + 3, CONTENT_TRUNCATED]);
  });

  it('rejects a window that cannot hold CLS and the truncation mark, naming it', () => {
    for (const bad of [1, 0, -3, 2.5, Number.NaN]) {
      expect(() => tokenizeContent('x', bad)).toThrow(ContentTokensError);
      expect(() => tokenSpans('x', bad)).toThrow(`maxTokens must be a whole number >= 2, got ${bad}`);
    }
    try {
      tokenizeContent('x', 1);
    } catch (error) {
      expect((error as ContentTokensError).code).toBe('INVALID_MAX_TOKENS');
    }
  });
});

describe('tokenSpans', () => {
  const slices = (text: string, maxTokens: number) => tokenSpans(text, maxTokens).map(({ start, end }) => text.slice(start, end));

  it('maps each byte to its character, CLS to nothing at 0 and PAD to nothing at the end', () => {
    const text = 'Hi 🔥 Привет';
    const spans = tokenSpans(text, 24);
    expect(spans).toHaveLength(24);
    expect(spans[0]).toEqual({ start: 0, end: 0 });
    expect(slices(text, 24)).toEqual(['', 'H', 'i', ' ', '🔥', '🔥', '🔥', '🔥', ' ', 'П', 'П', 'р', 'р', 'и', 'и', 'в', 'в', 'е', 'е', 'т', 'т', '', '', '']);
    expect(spans.at(-1)).toEqual({ start: text.length, end: text.length });
  });

  it('maps a ZWJ sequence code point by code point and a flag to its two regional indicators', () => {
    const family = '👩‍❤️‍👨';
    const parts = slices(family, 32).slice(1, 21);
    expect([...new Set(parts)]).toEqual(['👩', '\u200d', '❤', '\ufe0f', '👨']);
    expect(parts.join('')).not.toBe('');
    expect([...new Set(slices('🇮🇹', 10).slice(1, 9))]).toEqual(['🇮', '🇹']);
  });

  it('maps what NFC rewrote to the characters it came from', () => {
    // "e" + combining acute becomes "é" (C3 A9): both bytes come from the two code points.
    expect(slices('cafe\u0301!', 8)).toEqual(['', 'c', 'a', 'f', 'e\u0301', 'e\u0301', '!', '']);
  });

  it('gives the truncation mark the rest of the text, from a character cut in half', () => {
    expect(slices('abcdef', 6)).toEqual(['', 'a', 'b', 'c', 'd', 'ef']);
    expect(slices('аб', 5)).toEqual(['', 'а', 'а', 'б', 'б']);
    expect(slices('абв', 5)).toEqual(['', 'а', 'а', 'б', 'бв']);
    expect(slices('абв', 4)).toEqual(['', 'а', 'а', 'бв']);
    expect(slices('abc', 2)).toEqual(['', 'abc']);
  });

  it('lines up with tokenizeContent on any text: each byte token comes from a range whose bytes hold it', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: 'grapheme-composite', maxLength: 30 }));
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 48 }), (s, maxTokens) => {
        const { ids, length } = tokenizeContent(s, maxTokens);
        const spans = tokenSpans(s, maxTokens);
        expect(spans).toHaveLength(maxTokens);
        for (let i = 1; i < length; i++) {
          const { start, end } = spans[i]!;
          expect(start).toBeGreaterThanOrEqual(spans[i - 1]!.start);
          if (ids[i] === CONTENT_TRUNCATED) continue;
          expect(utf8(s.slice(start, end).normalize('NFC'))).toContain(ids[i]! - CONTENT_BYTE_OFFSET);
        }
      }),
      { numRuns: 300 },
    );
  });
});
