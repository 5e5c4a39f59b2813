/**
 * How the parts of a post's text are recognised: emoji, links, hashtags, @mentions and whole
 * words or phrases in any case. One definition for the simulator, which reads its texts' effects
 * with them (text-effects.ts), and for the content models' hand-made features, so both count the
 * same things.
 *
 * The simulator reads every text it writes (hundreds of thousands for a training set), so these
 * avoid scanning whole texts with Unicode property classes, which made simulating ten times
 * slower: they scan char codes or literal words, and test properties only where a match can
 * start.
 */

/** A flag, or a pictograph with its variation selector, skin tone and ZWJ joins, starting at lastIndex. */
const EMOJI_AT = /\p{Regional_Indicator}{2}|\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]*(?:\u200D\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]*)*/uy;
const KEYCAP = 0x20e3;
const LINKS = /https?:\/\/[^\s)]+|(?<![\p{L}\p{N}_@/.])t\.me\/[^\s)]+/giu;
const HASHTAGS = /(?<![\p{L}\p{N}_#])#[\p{L}\p{N}_]+/gu;
/** Telegram usernames: 4-32 Latin letters, digits and _, not inside an e-mail address or a word. */
const MENTIONS = /(?<![\p{L}\p{N}_@.])@[A-Za-z0-9_]{4,32}(?![A-Za-z0-9_])/gu;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const LETTER = /\p{L}/u;

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/** Emoji in the text: a pictograph with its modifiers and ZWJ joins (👩‍❤️‍👨 is one), a flag (two regional indicators), or a keycap (1️⃣). */
export function emojiCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === KEYCAP) n += 1;
    // Pictographs and regional indicators are ©, ®, U+203C and up (astral ones start with a surrogate).
    if (c < 0xa9 || (c > 0xae && c < 0x203c) || c === KEYCAP) continue;
    EMOJI_AT.lastIndex = i;
    if (EMOJI_AT.test(text)) {
      n += 1;
      i = EMOJI_AT.lastIndex - 1;
    }
  }
  return n;
}

/** http(s) URLs, and t.me links with or without a scheme. */
export const linkCount = (text: string): number => count(text, LINKS);
/** `#word` (any letters, digits, _), not inside a word. */
export const hashtagCount = (text: string): number => count(text, HASHTAGS);
/** `@username`, not an e-mail address. */
export const mentionCount = (text: string): number => count(text, MENTIONS);
/** The text with its links removed (a URL is not words). */
export const withoutLinks = (text: string): string => text.replace(LINKS, ' ');

/**
 * Words or phrases to look for: each of `words` standing as a whole word (no letter, digit or _
 * on either side), or a word starting with one of `stems`, in any case; when `followedBy` is
 * given it must match right after (a sticky `u` pattern).
 */
export interface WordList {
  words?: readonly string[];
  stems?: readonly string[];
  followedBy?: RegExp;
}

interface Needle<K> {
  key: K;
  stem: boolean;
  followedBy: RegExp | undefined;
}

/** Counts, in one pass over a text, how often each of several word lists occurs. */
export class WordFinder<K> {
  readonly #needles: Map<string, Needle<K>>;
  readonly #any: RegExp;

  constructor(lists: ReadonlyMap<K, WordList>) {
    const entries = [...lists].flatMap(([key, list]): [string, Needle<K>][] => [
      ...(list.words ?? []).map((w): [string, Needle<K>] => [w.toLowerCase(), { key, stem: false, followedBy: list.followedBy }]),
      ...(list.stems ?? []).map((w): [string, Needle<K>] => [w.toLowerCase(), { key, stem: true, followedBy: list.followedBy }]),
    ]);
    // Longest first, so "put an" wins over "put a".
    entries.sort(([a], [b]) => b.length - a.length);
    this.#needles = new Map(entries);
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.#any = new RegExp([...this.#needles.keys()].map(escape).join('|'), 'g');
  }

  /** How often each list's words occur in the text (lists that do not occur are absent). */
  count(text: string): Map<K, number> {
    const found = new Map<K, number>();
    const lower = text.toLowerCase();
    const any = new RegExp(this.#any);
    for (let match = any.exec(lower); match; match = any.exec(lower)) {
      const { key, stem, followedBy } = this.#needles.get(match[0])!;
      const start = match.index;
      let end = start + match[0].length;
      if (stem) while (end < lower.length && LETTER.test(lower[end]!)) end += 1;
      let whole = !isWordChar(lower, start - 1) && !isWordChar(lower, end);
      if (whole && followedBy) {
        followedBy.lastIndex = end;
        whole = followedBy.test(lower);
      }
      if (whole) {
        found.set(key, (found.get(key) ?? 0) + 1);
        any.lastIndex = end;
      }
      // A candidate that is not a whole word may hide one that starts inside it.
      else any.lastIndex = start + 1;
    }
    return found;
  }
}

const isWordChar = (text: string, i: number) => i >= 0 && i < text.length && WORD_CHAR.test(text[i]!);
