/**
 * The contract of analyzeContentPatterns' `texts`: how many, how much in all, and each one a
 * text (content-checks.ts). Checked before any model runs.
 */
import { assertMaxItems, InvalidInputError } from '@telepulse/platform';
import { checkContent, CONTENT_MAX_CHARS, throwContentIssues, type ContentIssue } from './content-checks.js';

/** The most texts one analysis takes by default (MAX_PATTERN_TEXTS): four model batches of 64. */
export const PATTERN_TEXTS_MAX = 256;

/**
 * The most characters (UTF-16 code units) all the texts of one analysis may hold by default
 * (MAX_PATTERN_CHARS): 32 texts of the longest kind. The models read the start of each text
 * only, but the hand-made features, the JSON and the answer's work grow with all of it.
 */
export const PATTERN_CHARS_MAX = 262_144;

export interface PatternLimits {
  maxTexts: number;
  maxChars: number;
}

export const DEFAULT_PATTERN_LIMITS: PatternLimits = { maxTexts: PATTERN_TEXTS_MAX, maxChars: PATTERN_CHARS_MAX };

/**
 * Throws BAD_USER_INPUT unless `texts` holds 1..maxTexts texts of maxChars characters in all
 * (naming `texts`, checked first, before any text is looked at), each a text validateContent
 * accepts (naming every broken one, `texts[i]`).
 */
export function assertPatternTexts(texts: readonly string[], { maxTexts, maxChars }: PatternLimits = DEFAULT_PATTERN_LIMITS): void {
  if (texts.length === 0) throw new InvalidInputError([{ field: 'texts', value: 0, message: 'must hold at least one text' }]);
  assertMaxItems('texts', texts, maxTexts, 'texts');
  const total = texts.reduce((sum, text) => sum + text.length, 0);
  if (total > maxChars) throw new InvalidInputError([{ field: 'texts', value: total, message: `must hold at most ${maxChars} characters in all` }]);
  const issues: ContentIssue[] = texts.flatMap((text, i) => checkContent(text, `texts[${i}]`, { maxChars: CONTENT_MAX_CHARS }).errors);
  throwContentIssues(issues);
}
