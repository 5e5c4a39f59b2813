/**
 * The content models' tokenizer: byte-level, so any Unicode text (Russian, English, emoji, links,
 * binary junk) has a token sequence and nothing is ever out of vocabulary. A text is normalized
 * to NFC first (an "é" typed as e + combining accent and a precomposed one give the same tokens),
 * encoded as UTF-8, and each byte b becomes token b + CONTENT_BYTE_OFFSET, after a CLS token the
 * models pool or attend from. Shared by training, evaluation and serving, so all three see the
 * same ids.
 *
 * A sequence has exactly maxTokens ids: CLS, the bytes, then PAD. When the bytes do not fit, the
 * first maxTokens - 2 bytes are kept (even when that splits a character: a byte model reads a
 * partial character as well as it reads any byte) and CONTENT_TRUNCATED closes the sequence, so a
 * model knows the text went on. Russian letters take 2 bytes and most emoji 4, so a window of n
 * tokens holds about n/2 Cyrillic characters.
 */

export const CONTENT_PAD = 0;
export const CONTENT_CLS = 1;
export const CONTENT_TRUNCATED = 2;
/** Byte b is token b + CONTENT_BYTE_OFFSET. */
export const CONTENT_BYTE_OFFSET = 3;
/** Ids are 0 .. CONTENT_VOCAB - 1: the three specials and 256 bytes. */
export const CONTENT_VOCAB = 256 + CONTENT_BYTE_OFFSET;

/** The smallest window: CLS and CONTENT_TRUNCATED. */
export const MIN_CONTENT_TOKENS = 2;

export interface ContentTokens {
  /** maxTokens ids: CLS, bytes + CONTENT_BYTE_OFFSET, then PAD; truncated: the first maxTokens - 2 bytes and CONTENT_TRUNCATED. */
  ids: Int32Array;
  /** Tokens that are not PAD (CLS and CONTENT_TRUNCATED included). */
  length: number;
  /** The text's bytes did not all fit. */
  truncated: boolean;
}

/** The [start, end) range of the text, in UTF-16 code units as `text.slice` takes them, a token came from. */
export interface TokenSpan {
  start: number;
  end: number;
}

/** A window size that cannot hold CLS and the truncation mark, or is not a whole number. */
export class ContentTokensError extends RangeError {
  readonly code = 'INVALID_MAX_TOKENS' as const;

  constructor(readonly maxTokens: number) {
    super(`maxTokens must be a whole number >= ${MIN_CONTENT_TOKENS}, got ${maxTokens}`);
    this.name = 'ContentTokensError';
  }
}

const encoder = new TextEncoder();

/** The text's token ids in a window of maxTokens (see the header). Pure. */
export function tokenizeContent(text: string, maxTokens: number): ContentTokens {
  checkMaxTokens(maxTokens);
  const bytes = encoder.encode(text.normalize('NFC'));
  const truncated = 1 + bytes.length > maxTokens;
  const kept = truncated ? maxTokens - 2 : bytes.length;
  const ids = new Int32Array(maxTokens); // PAD is 0
  ids[0] = CONTENT_CLS;
  for (let i = 0; i < kept; i++) ids[i + 1] = bytes[i]! + CONTENT_BYTE_OFFSET;
  if (truncated) ids[maxTokens - 1] = CONTENT_TRUNCATED;
  return { ids, length: truncated ? maxTokens : 1 + kept, truncated };
}

/**
 * For each of the maxTokens positions of tokenizeContent(text, maxTokens), the range of `text`
 * (the text as given, before NFC) its token came from: a byte, its code point (or, where NFC
 * changed the text, the run of code points it normalized from); CLS the empty range at 0; the
 * truncation mark the rest of the text that did not fit; PAD the empty range at the end. Meant
 * for explanations: occluding or highlighting the characters behind tokens.
 */
export function tokenSpans(text: string, maxTokens: number): TokenSpan[] {
  checkMaxTokens(maxTokens);
  const byteSpans = bytesToCharacters(text);
  const truncated = 1 + byteSpans.length > maxTokens;
  const kept = truncated ? maxTokens - 2 : byteSpans.length;
  const spans: TokenSpan[] = [{ start: 0, end: 0 }];
  for (let i = 0; i < kept; i++) spans.push(byteSpans[i]!);
  if (truncated) {
    // Cut inside a character: that character counts as not shown, so the rest starts at it.
    const cut = kept === 0 ? 0 : byteSpans[kept - 1] === byteSpans[kept] ? byteSpans[kept - 1]!.start : byteSpans[kept - 1]!.end;
    spans.push({ start: cut, end: text.length });
  }
  while (spans.length < maxTokens) spans.push({ start: text.length, end: text.length });
  return spans;
}

/**
 * One span per UTF-8 byte of text.normalize('NFC'): the code point it encodes when NFC left the
 * text alone there, else the segment NFC rewrote. NFC acts within a grapheme cluster (a base and
 * its combining marks, a Hangul syllable's jamo), so clusters are normalized one at a time; the
 * bytes of one code point share one span object.
 */
function bytesToCharacters(text: string): TokenSpan[] {
  const spans: TokenSpan[] = [];
  const push = (bytes: number, span: TokenSpan) => {
    for (let b = 0; b < bytes; b++) spans.push(span);
  };
  const byCodePoint = (segment: string, offset: number) => {
    let at = offset;
    for (const ch of segment) {
      push(utf8Length(ch), { start: at, end: at + ch.length });
      at += ch.length;
    }
  };
  if (text === text.normalize('NFC')) {
    byCodePoint(text, 0);
    return spans;
  }
  for (const { segment, index } of graphemes.segment(text)) {
    const normalized = segment.normalize('NFC');
    if (normalized === segment) byCodePoint(segment, index);
    else push(utf8Length(normalized), { start: index, end: index + segment.length });
  }
  // Should NFC ever compose across a cluster boundary, the bytes would no longer line up with
  // tokenizeContent's: then every byte is said to come from the whole text, which stays true.
  const bytes = utf8Length(text.normalize('NFC'));
  if (spans.length !== bytes) return Array.from({ length: bytes }, () => ({ start: 0, end: text.length }));
  return spans;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** UTF-8 bytes of a string (a lone surrogate encodes as U+FFFD, 3 bytes, as TextEncoder does). */
function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

function checkMaxTokens(maxTokens: number): void {
  if (!Number.isSafeInteger(maxTokens) || maxTokens < MIN_CONTENT_TOKENS) throw new ContentTokensError(maxTokens);
}
