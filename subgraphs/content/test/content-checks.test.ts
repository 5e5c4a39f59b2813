import { describe, expect, it } from 'vitest';
import { assertContent, checkContent, CONTENT_MAX_CHARS } from '../src/domain/content-checks.js';

const reasons = (issues: { reason: string }[]) => issues.map((i) => i.reason);

describe('checking a text', () => {
  it.each([
    ['Russian with emoji and a link', 'Новый пост 🚀 читайте https://t.me/dona134 #новости'],
    ['one word', 'Привет'],
    ['tabs and line breaks', 'Line one\r\n\tLine two\nLine three'],
    ['an emoji outside the BMP alone', '👍🏽'],
    ['the longest allowed', 'x'.repeat(CONTENT_MAX_CHARS)],
  ])('accepts %s without errors or warnings', (_what, text) => {
    expect(checkContent(text, 'content')).toEqual({ errors: [], warnings: [] });
  });

  it('refuses an empty text, and says nothing else of it', () => {
    expect(checkContent('', 'content')).toEqual({ errors: [{ field: 'content', value: '', reason: 'EMPTY', message: 'is empty: there is no text to judge' }], warnings: [] });
  });

  it.each([
    ['spaces', '   '],
    ['line breaks and tabs', '\n\t\r\n'],
    ['no-break and ideographic spaces', '\u00A0\u3000'],
    ['zero-width spaces and joiners', '\u200B\u200C\u200D\uFEFF'],
    ['a Hangul filler, the invisible "blank message"', '\u3164'],
    ['the Braille blank', '\u2800 \u2800'],
  ])('refuses a text of only %s as BLANK', (_what, text) => {
    expect(reasons(checkContent(text, 'content').errors)).toEqual(['BLANK']);
  });

  it('refuses a text longer than the limit, giving its length, and takes another limit', () => {
    const text = 'a'.repeat(CONTENT_MAX_CHARS + 1);
    expect(checkContent(text, 'content').errors).toEqual([{ field: 'content', value: CONTENT_MAX_CHARS + 1, reason: 'TOO_LONG', message: `must be at most ${CONTENT_MAX_CHARS} characters (UTF-16 code units)` }]);
    expect(reasons(checkContent('abcd', 'content', { maxChars: 3 }).errors)).toEqual(['TOO_LONG']);
  });

  it('counts an emoji outside the BMP as the two UTF-16 units GraphQL counts', () => {
    expect(reasons(checkContent('😀'.repeat(5), 'content', { maxChars: 9 }).errors)).toEqual(['TOO_LONG']);
    expect(checkContent('😀'.repeat(5), 'content', { maxChars: 10 }).errors).toEqual([]);
  });

  it('refuses control characters as binary data, naming the distinct code points and where the first is', () => {
    const { errors } = checkContent('PK\u0003\u0004 header\u0000\u0000 and \u007F and \u0085', 'content');
    expect(errors).toEqual([
      { field: 'content', value: 'U+0003 U+0004 U+0000 U+007F U+0085', reason: 'CONTROL_CHARACTERS', message: 'must not hold control characters (6, the first at character 2): it is binary data, not text' },
    ]);
  });

  it('refuses the noncharacters U+FFFE and U+FFFF as binary data', () => {
    expect(reasons(checkContent('text \uFFFE', 'content').errors)).toEqual(['CONTROL_CHARACTERS']);
    expect(checkContent('text \uFFFF', 'content').errors[0]!.message).toContain('1 at character 5');
  });

  it('refuses unpaired surrogates, a high one without its low half and a low one alone, but not a whole pair', () => {
    const { errors } = checkContent('a\uD83D b \uDE00 c 😀', 'content');
    expect(errors).toEqual([
      { field: 'content', value: 'U+D83D U+DE00', reason: 'UNPAIRED_SURROGATES', message: 'must not hold unpaired surrogates (2, the first at character 1): half of a character, which no encoding of text can carry' },
    ]);
    expect(reasons(checkContent('ends with half \uD83D', 'content').errors)).toEqual(['UNPAIRED_SURROGATES']);
  });

  it('names every rule a text breaks at once', () => {
    const text = `${' '.repeat(20)}\u0000\uD800`;
    expect(reasons(checkContent(text, 'texts[2]', { maxChars: 10 }).errors)).toEqual(['TOO_LONG', 'CONTROL_CHARACTERS', 'UNPAIRED_SURROGATES']);
    expect(checkContent(text, 'texts[2]').errors.every((e) => e.field === 'texts[2]')).toBe(true);
  });

  it('warns of replacement characters, which are text but say the text was bytes once', () => {
    expect(checkContent('caf\uFFFD au lait \uFFFD', 'content')).toEqual({
      errors: [],
      warnings: [{ field: 'content', value: 2, reason: 'REPLACEMENT_CHARACTERS', message: 'holds the replacement character U+FFFD (2, the first at character 3): part of it was not valid text when it was decoded' }],
    });
  });

  it('warns when a model reads only the start of a valid text, naming the models that cut it', () => {
    const readLimits = [
      { model: 'content-cnn', truncates: (t: string) => t.length > 10 },
      { model: 'content-viral', truncates: (t: string) => t.length > 20 },
    ];
    expect(checkContent('a'.repeat(10), 'content', { readLimits }).warnings).toEqual([]);
    expect(checkContent('a'.repeat(15), 'content', { readLimits }).warnings).toEqual([{ field: 'content', value: 15, reason: 'TRUNCATED', message: 'is longer than content-cnn reads: only part of it is judged' }]);
    expect(checkContent('a'.repeat(25), 'content', { readLimits }).warnings[0]!.message).toBe('is longer than content-cnn and content-viral read: only part of it is judged');
    // A text refused anyway is not also warned about.
    expect(checkContent(`${'a'.repeat(25)}\u0000`, 'content', { readLimits }).warnings).toEqual([]);
  });
});

describe('asserting a text', () => {
  it('throws BAD_USER_INPUT naming the field, with the first reason in the extensions and every issue', () => {
    expect(() => assertContent('  ', 'content')).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        message: 'content: holds only whitespace or invisible characters: there is no text to judge, got "  "',
        details: expect.objectContaining({ field: 'content', reason: 'BLANK', issues: [expect.objectContaining({ field: 'content', reason: 'BLANK' })] }),
      }),
    );
  });

  it('cuts a long text it repeats back', () => {
    let thrown: unknown;
    try {
      assertContent(`${'x'.repeat(9_000)}\u0000`, 'content');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ details: { reason: 'TOO_LONG', value: 9_001 } });
    expect(JSON.stringify((thrown as { details: unknown }).details).length).toBeLessThan(1_000);
  });

  it('passes a valid text', () => {
    expect(() => assertContent('Hello, world', 'content')).not.toThrow();
  });
});
