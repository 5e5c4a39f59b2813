import { describe, expect, it } from 'vitest';
import { CONTENT_BYTE_OFFSET, CONTENT_CLS, CONTENT_PAD, CONTENT_TRUNCATED, tokenizeContent } from '../../src/content/tokenizer.js';
import { viralTokens, ViralWindowError } from '../../src/content-viral/token-window.js';

const bytesOf = (s: string) => [...new TextEncoder().encode(s.normalize('NFC'))].map((b) => b + CONTENT_BYTE_OFFSET);

describe('the viral model token window', () => {
  it('reads a text that fits as tokenizeContent does, all of it', () => {
    const text = 'Розыгрыш 🎁 today!';
    const tokens = viralTokens(text, 64, 16);
    expect([...tokens.ids]).toEqual([...tokenizeContent(text, 64).ids]);
    expect(tokens.truncated).toBe(false);
    expect(tokens.length).toBe(1 + bytesOf(text).length);
    expect(tokens.read).toEqual([{ start: 0, end: text.length }]);
  });

  it('keeps the head and the tail of a long text, the tail starting on a character boundary', () => {
    // 2-byte Cyrillic letters after one ASCII byte: a tail of 9 bytes would start inside a letter.
    const text = `x${'привет '.repeat(20)}поделитесь`;
    const [maxTokens, tailTokens] = [40, 9];
    const tokens = viralTokens(text, maxTokens, tailTokens);
    const head = maxTokens - tailTokens;
    expect(tokens.truncated).toBe(true);
    expect(tokens.ids[0]).toBe(CONTENT_CLS);
    expect([...tokens.ids.slice(1, head - 1)]).toEqual(bytesOf(text).slice(0, head - 2));
    expect(tokens.ids[head - 1]).toBe(CONTENT_TRUNCATED);
    // The last 9 bytes start in the middle of a letter: the tail is the last 4 letters, 8 bytes, then PAD.
    expect([...tokens.ids.slice(head, head + 8)]).toEqual(bytesOf('тесь'));
    expect(tokens.ids[maxTokens - 1]).toBe(CONTENT_PAD);
    expect(tokens.length).toBe(maxTokens - 1);
    // What it says it read is what its tokens hold.
    const [front, back] = tokens.read;
    expect(bytesOf(text.slice(front!.start, front!.end))).toEqual(bytesOf(text).slice(0, head - 2));
    expect(text.slice(back!.start, back!.end)).toBe('тесь');
  });

  it('with no tail, cuts as tokenizeContent does and reads up to the cut', () => {
    const text = 'a'.repeat(100);
    const tokens = viralTokens(text, 32, 0);
    expect([...tokens.ids]).toEqual([...tokenizeContent(text, 32).ids]);
    expect(tokens.read).toEqual([{ start: 0, end: 30 }]);
  });

  it('rejects a tail that leaves no room for the head, naming the range', () => {
    expect(() => viralTokens('text', 16, 14)).toThrow(ViralWindowError);
    expect(() => viralTokens('text', 16, 14)).toThrow(/tailTokens must be a whole number from 0 to maxTokens - 3 \(13\), got 14/);
    expect(() => viralTokens('text', 16, -1)).toThrow(ViralWindowError);
  });
});
