/**
 * What of a text the viral model reads: its byte tokens (models/src/content/tokenizer.ts) in a
 * window of maxTokens, and, when the text is longer, its beginning and its end.
 *
 * Attention costs maxTokens², so the window is short (a regular post is 300-700 bytes, a long
 * read thousands), and what moves a post's engagement sits at both ends: a marker or a bold
 * title opens it, a call to share, hashtags, links or a closing question end it. So a text that
 * does not fit keeps its first bytes and its last `tailTokens` (head + tail truncation, the best
 * of the simple cuts for long texts in "How to Fine-Tune BERT for Text Classification?", Sun et
 * al. 2019):
 *
 *   CLS, the first maxTokens - tailTokens - 2 bytes, CONTENT_TRUNCATED, the last bytes, PAD…
 *
 * The tail starts on a character boundary (never inside a UTF-8 sequence), so it may hold a few
 * bytes less than tailTokens and end in PAD. A text that fits is tokenized as tokenizeContent
 * does it, and tailTokens 0 is tokenizeContent's own cut.
 */
import { CONTENT_BYTE_OFFSET, tokenizeContent, tokenSpans, type TokenSpan } from '../content/tokenizer.js';

export interface ViralTokens {
  /** maxTokens ids (see the header). */
  ids: Int32Array;
  /** Tokens that are not PAD. */
  length: number;
  /** The text did not fit: its middle was not read. */
  truncated: boolean;
  /** The ranges of the text the tokens came from (UTF-16 code units): the whole text, or its head and its tail. */
  read: TokenSpan[];
}

/** A window that cannot hold CLS, a byte of the head, the truncation mark and the tail. */
export class ViralWindowError extends RangeError {
  readonly code = 'INVALID_TOKEN_WINDOW' as const;

  constructor(maxTokens: number, tailTokens: number) {
    super(`tailTokens must be a whole number from 0 to maxTokens - 3 (${maxTokens - 3}), got ${tailTokens}`);
    this.name = 'ViralWindowError';
  }
}

const encoder = new TextEncoder();

/** The text's tokens in the window (see the header). Pure. */
export function viralTokens(text: string, maxTokens: number, tailTokens: number): ViralTokens {
  if (!Number.isSafeInteger(tailTokens) || tailTokens < 0 || tailTokens > maxTokens - 3) throw new ViralWindowError(maxTokens, tailTokens);
  const whole = tokenizeContent(text, maxTokens);
  if (!whole.truncated) return { ...whole, read: [{ start: 0, end: text.length }] };
  if (tailTokens === 0) return { ...whole, read: [{ start: 0, end: shownEnd(text, maxTokens) }] };

  const headWindow = maxTokens - tailTokens;
  const head = tokenizeContent(text, headWindow);
  const bytes = encoder.encode(text.normalize('NFC'));
  let from = bytes.length - tailTokens;
  // Continuation bytes are 10xxxxxx: step forward to the first byte of a character.
  while (from < bytes.length && (bytes[from]! & 0xc0) === 0x80) from += 1;
  const ids = new Int32Array(maxTokens);
  ids.set(head.ids);
  for (let i = from; i < bytes.length; i++) ids[headWindow + i - from] = bytes[i]! + CONTENT_BYTE_OFFSET;
  // tokenSpans over a window that holds every byte: position 1 + b is byte b's span.
  const tailStart = from < bytes.length ? tokenSpans(text, bytes.length + 1)[1 + from]!.start : text.length;
  return {
    ids,
    length: headWindow + bytes.length - from,
    truncated: true,
    read: [
      { start: 0, end: shownEnd(text, headWindow) },
      { start: tailStart, end: text.length },
    ],
  };
}

/** Where the text stops being shown in a truncated window: the truncation mark's span starts at the first character not shown whole. */
function shownEnd(text: string, window: number): number {
  return tokenSpans(text, window)[window - 1]!.start;
}
