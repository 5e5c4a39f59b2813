import { describe, expect, it } from 'vitest';
import { assertPatternTexts } from '../src/domain/pattern-input.js';

const limits = { maxTexts: 3, maxChars: 20 };

describe('the texts of a pattern analysis', () => {
  it('takes one to the most texts within the total size', () => {
    expect(() => assertPatternTexts(['one'], limits)).not.toThrow();
    expect(() => assertPatternTexts(['one', 'two', 'x'.repeat(14)], limits)).not.toThrow();
  });

  it('refuses an empty list, naming texts', () => {
    expect(() => assertPatternTexts([], limits)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ field: 'texts', value: 0, reason: 'NO_TEXTS' }) }));
  });

  it('refuses more texts than the limit before looking at any, naming texts and the count', () => {
    expect(() => assertPatternTexts(['a', 'b', 'c', '\u0000'], limits)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', message: 'texts: must hold at most 3 texts, got 4', details: expect.objectContaining({ field: 'texts', value: 4, reason: 'TOO_MANY_TEXTS' }) }),
    );
  });

  it('refuses more characters in all than the limit, naming texts and the total', () => {
    expect(() => assertPatternTexts(['x'.repeat(10), 'y'.repeat(11)], limits)).toThrow(
      expect.objectContaining({ message: 'texts: must hold at most 20 characters in all, got 21', details: expect.objectContaining({ field: 'texts', value: 21, reason: 'TOO_MANY_CHARACTERS' }) }),
    );
  });

  it('names every text that is not one, by its place, with its reason', () => {
    let thrown: any;
    try {
      assertPatternTexts(['fine', '', ' \u200B'], limits);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'texts[1]', reason: 'EMPTY' } });
    expect(thrown.details.issues.map((i: { field: string; reason: string }) => [i.field, i.reason])).toEqual([
      ['texts[1]', 'EMPTY'],
      ['texts[2]', 'BLANK'],
    ]);
  });
});
