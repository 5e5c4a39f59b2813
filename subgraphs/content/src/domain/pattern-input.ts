/**
 * The contract of analyzeContentPatterns' `texts`: how many, how much in all, and each one a
 * text (content-checks.ts). Checked before any model runs.
 */
import { InvalidInputError } from '@telepulse/platform';
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

/** Why a list of texts is refused as a whole; `extensions.reason` carries it. */
export type PatternListReason = 'NO_TEXTS' | 'TOO_MANY_TEXTS' | 'TOO_MANY_CHARACTERS';

/**
 * Throws BAD_USER_INPUT unless `texts` holds 1..maxTexts texts of maxChars characters in all
 * (naming `texts`, with a `reason`, checked first, before any text is looked at), each a text
 * validateContent accepts (naming every broken one, `texts[i]`, with its reason).
 */
export function assertPatternTexts(texts: readonly string[], { maxTexts, maxChars }: PatternLimits = DEFAULT_PATTERN_LIMITS): void {
  if (texts.length === 0) throw listError(0, 'must hold at least one text', 'NO_TEXTS');
  if (texts.length > maxTexts) throw listError(texts.length, `must hold at most ${maxTexts} texts`, 'TOO_MANY_TEXTS');
  const total = texts.reduce((sum, text) => sum + text.length, 0);
  if (total > maxChars) throw listError(total, `must hold at most ${maxChars} characters in all`, 'TOO_MANY_CHARACTERS');
  const issues: ContentIssue[] = texts.flatMap((text, i) => checkContent(text, `texts[${i}]`, { maxChars: CONTENT_MAX_CHARS }).errors);
  throwContentIssues(issues);
}

function listError(value: number, message: string, reason: PatternListReason): InvalidInputError {
  const error = new InvalidInputError([{ field: 'texts', value, message }]);
  error.details.reason = reason;
  return error;
}
