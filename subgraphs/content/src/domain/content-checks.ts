/**
 * What counts as a text the content models may judge: the rules behind validateContent, and the
 * check every operation runs on its texts before any model sees them. Plain TypeScript.
 */
import { InvalidInputError, type FieldIssue } from '@telepulse/platform';

/**
 * The longest text, in UTF-16 code units (as JavaScript and GraphQL count): the channels
 * subgraph's limit for a post's text (Telegram allows 4,096 characters; one may take two
 * units), so every stored post is a text these operations take.
 */
export const CONTENT_MAX_CHARS = 8_192;

/** Why a text is refused (errors) or judged less reliably (warnings); `extensions.reason` carries it. */
export type ContentIssueReason =
  | 'EMPTY'
  | 'BLANK'
  | 'TOO_LONG'
  | 'CONTROL_CHARACTERS'
  | 'UNPAIRED_SURROGATES'
  | 'REPLACEMENT_CHARACTERS'
  | 'TRUNCATED';

export interface ContentIssue extends FieldIssue {
  reason: ContentIssueReason;
}

export interface ContentCheck {
  /** Rules the text breaks: an operation given it fails with BAD_USER_INPUT. */
  errors: ContentIssue[];
  /** What the models take but judge less reliably. */
  warnings: ContentIssue[];
}

/** How much of a text a model reads, for the TRUNCATED warning (see `truncatedBy`). */
export interface ReadLimit {
  /** The model's name, as the warning names it. */
  model: string;
  /** True when the model reads only the start of `text`. */
  truncates(text: string): boolean;
}

/**
 * Characters no text holds: C0 controls but tab, line feed and carriage return; DEL; C1
 * controls; the noncharacters U+FFFE and U+FFFF. A text holding them is bytes read as text.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

/**
 * Whitespace, and the invisible characters Telegram users post to send a "blank" message:
 * zero-width spaces and joiners, the word joiner, the Mongolian vowel separator, the soft
 * hyphen, the combining grapheme joiner, Hangul fillers and the Braille blank.
 */
const BLANK = /^[\s\u00AD\u034F\u115F\u1160\u180E\u200B-\u200D\u2060\u2800\u3164\uFFA0]*$/;

/** What a decoder puts where the bytes were not valid UTF-8. */
const REPLACEMENT = /\uFFFD/g;

/** Code points shown in an issue's value: enough to see what kind of junk it is. */
const SHOWN = 5;

/**
 * Checks one text. Errors: empty; only whitespace or invisible characters; longer than
 * `maxChars`; control characters (binary data); unpaired surrogates (half of a character, which
 * no encoding of text can carry). Warnings: replacement characters (U+FFFD: bytes that were not
 * text when decoded); longer than a model reads (`readLimits`: only part of it is judged).
 * `field` names the text in the issues (`content`, `texts[3]`).
 */
export function checkContent(text: string, field: string, { maxChars = CONTENT_MAX_CHARS, readLimits = [] }: { maxChars?: number; readLimits?: readonly ReadLimit[] } = {}): ContentCheck {
  const errors: ContentIssue[] = [];
  const warnings: ContentIssue[] = [];
  const issue = (into: ContentIssue[], reason: ContentIssueReason, value: unknown, message: string) => into.push({ field, value, message, reason });

  if (text.length === 0) {
    issue(errors, 'EMPTY', text, 'is empty: there is no text to judge');
    return { errors, warnings };
  }
  if (BLANK.test(text)) issue(errors, 'BLANK', text, 'holds only whitespace or invisible characters: there is no text to judge');
  if (text.length > maxChars) issue(errors, 'TOO_LONG', text.length, `must be at most ${maxChars} characters (UTF-16 code units)`);

  const control = positionsOf(text, CONTROL);
  if (control.length > 0) {
    issue(errors, 'CONTROL_CHARACTERS', codePoints(text, control), `must not hold control characters (${found(control)}): it is binary data, not text`);
  }
  const halves = unpairedSurrogates(text);
  if (halves.length > 0) {
    issue(errors, 'UNPAIRED_SURROGATES', codePoints(text, halves), `must not hold unpaired surrogates (${found(halves)}): half of a character, which no encoding of text can carry`);
  }

  const replaced = positionsOf(text, REPLACEMENT);
  if (replaced.length > 0) {
    issue(warnings, 'REPLACEMENT_CHARACTERS', replaced.length, `holds the replacement character U+FFFD (${found(replaced)}): part of it was not valid text when it was decoded`);
  }
  if (errors.length === 0) {
    const cut = readLimits.filter((limit) => limit.truncates(text)).map((limit) => limit.model);
    if (cut.length > 0) issue(warnings, 'TRUNCATED', text.length, `is longer than ${cut.join(' and ')} ${cut.length === 1 ? 'reads' : 'read'}: only part of it is judged`);
  }
  return { errors, warnings };
}

/** A text's errors as the client's error: BAD_USER_INPUT naming each, `extensions.reason` the first's. */
export class InvalidContentError extends InvalidInputError {
  constructor(readonly contentIssues: readonly ContentIssue[]) {
    super(contentIssues);
    this.details.reason = contentIssues[0]!.reason;
  }
}

/** Throws InvalidContentError when any of `issues` exist. */
export function throwContentIssues(issues: readonly ContentIssue[]): void {
  if (issues.length > 0) throw new InvalidContentError(issues);
}

/** Checks one text an operation was given (`field`), throwing BAD_USER_INPUT for what checkContent calls errors. */
export function assertContent(text: string, field: string, maxChars = CONTENT_MAX_CHARS): void {
  throwContentIssues(checkContent(text, field, { maxChars }).errors);
}

function positionsOf(text: string, pattern: RegExp): number[] {
  return [...text.matchAll(pattern)].map((match) => match.index);
}

/** Positions of surrogate code units without their other half. */
function unpairedSurrogates(text: string): number[] {
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
      else positions.push(i);
    } else if (unit >= 0xdc00 && unit <= 0xdfff) positions.push(i);
  }
  return positions;
}

/** The distinct code units at `positions`, as `U+0000`, the first SHOWN of them. */
function codePoints(text: string, positions: readonly number[]): string {
  const distinct = [...new Set(positions.map((at) => text.charCodeAt(at)))];
  const shown = distinct.slice(0, SHOWN).map((unit) => `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`);
  return distinct.length > SHOWN ? `${shown.join(' ')} …` : shown.join(' ');
}

function found(positions: readonly number[]): string {
  return positions.length === 1 ? `1 at character ${positions[0]}` : `${positions.length}, the first at character ${positions[0]}`;
}
