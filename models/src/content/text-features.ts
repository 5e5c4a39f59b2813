/**
 * Hand-made features of a post's text: what a person would count (length, emoji, links,
 * hashtags, questions, calls to action, alphabet), for the content operations' answers, for the
 * baselines and for judging what the learned models add. Counted on the text normalized to NFC,
 * as the tokenizer reads it; emoji, links, hashtags and mentions are recognised as the
 * simulator recognises them (@telepulse/dataset/text-patterns), so a feature and the effect it
 * stands for count the same things.
 *
 * Calls to action are phrases in English and Russian that ask the reader to do something:
 * share (share with, forward, repost, поделитесь, перешлите, репост…), react (put a ❤️, like,
 * ставьте 🔥, жмите…), comment (comment…, tell us, пишите, комментари…), or any other (subscribe,
 * follow, join, click, link in bio, подпишитесь, переходите, читайте, смотрите…); callsToAction
 * counts them all. Hype words are the urgency and scarcity vocabulary (exclusive, breaking,
 * giveaway, urgent, эксклюзив…, срочно, розыгрыш…), ad words the disclosure vocabulary
 * (sponsored, ad, promo, реклама, промо…).
 */
import { emojiCount, hashtagCount, linkCount, mentionCount, withoutLinks, WordFinder } from '@telepulse/dataset/text-patterns';

/** The features, in the order a feature vector lists them. */
export const CONTENT_FEATURE_NAMES = [
  /** Code points. */
  'characters',
  /** Runs of letters and digits (with inner ' or -), links excluded. */
  'words',
  /** Lines with something other than whitespace. */
  'lines',
  'emoji',
  'links',
  'hashtags',
  'mentions',
  /** Runs of "?" ("??" is one). */
  'questions',
  /** 1 when the text, trailing whitespace aside, ends with "?". */
  'endsWithQuestion',
  /** Runs of "!". */
  'exclamations',
  'callsToAction',
  'shareCalls',
  'reactCalls',
  'commentCalls',
  'hypeWords',
  'adWords',
  /** Markdown **bold** spans. */
  'boldSpans',
  /** 1 when the first line is a **bold** title. */
  'boldTitle',
  /** Lines that start with a bullet (-, •, —, *, ▪, 🔹, ✅) or a number and a dot or parenthesis. */
  'listLines',
  /** Capitals among cased letters, links aside (as for the shares below); 0 without letters. */
  'uppercaseShare',
  /** Of letters. */
  'cyrillicShare',
  'latinShare',
  /** Of characters. */
  'digitShare',
  /** Emoji per character (of the whole text). */
  'emojiShare',
] as const;

export type ContentFeatureName = (typeof CONTENT_FEATURE_NAMES)[number];
export type ContentFeatures = Record<ContentFeatureName, number>;

type Call = 'share' | 'react' | 'comment' | 'other' | 'hype' | 'ad';

const WORDS = new WordFinder<Call>(
  new Map([
    [
      'share',
      {
        words: ['share this', 'share it', 'share with', 'forward this', 'forward it', 'send this to', 'send it to', 'repost', 'retweet', 'поделитесь', 'поделись', 'перешлите', 'перешли другу', 'отправьте это', 'отправьте друзьям', 'отправь другу'],
        stems: ['репост'],
      },
    ],
    ['react', { words: ['put a', 'put an', 'react with', 'smash', 'like if', 'double tap', 'ставьте', 'поставьте', 'жмите', 'ставь', 'лайк, если', 'лайкните'] }],
    ['comment', { words: ['tell us', 'let us know', 'пишите', 'напишите', 'жду ваши', 'ответьте'], stems: ['comment', 'комментари'] }],
    [
      'other',
      {
        words: ['subscribe', 'follow', 'join', 'click', 'tap the link', 'link in bio', 'sign up', 'register', 'buy now', 'подпишитесь', 'подписывайтесь', 'переходите', 'переходи', 'читайте', 'смотрите', 'вступайте', 'регистрируйтесь', 'успейте'],
      },
    ],
    ['hype', { words: ['exclusive', 'breaking', 'giveaway', 'urgent', 'срочно', 'внимание'], stems: ['эксклюзив', 'розыгрыш', 'сенсаци'] }],
    ['ad', { words: ['sponsored', 'ad', 'ads', 'promo', 'advertisement', 'партнёрский', 'партнерский', 'промо'], stems: ['реклам', 'промокод'] }],
  ]),
);

const QUESTIONS = /\?+/g;
const EXCLAMATIONS = /!+/g;
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const BOLD = /\*\*[^*\n]+\*\*/g;
const BOLD_TITLE = /^\s*\*\*[^*\n]+\*\*/;
const LIST_LINE = /^[ \t]*(?:[-•—*▪🔹✅]|\d{1,2}[.)])[ \t\uFE0F]*\S/gmu;
const NON_EMPTY_LINE = /^.*\S.*$/gm;

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** The text's features (see CONTENT_FEATURE_NAMES); all zero for an empty text. Pure. */
export function contentFeatures(text: string): ContentFeatures {
  const normalized = text.normalize('NFC');
  const prose = withoutLinks(normalized);
  // A URL's letters say nothing about the text's language or tone.
  const letters = alphabetCounts(prose);
  const characters = codePointLength(normalized);
  const calls = WORDS.count(normalized);
  const call = (kind: Call) => calls.get(kind) ?? 0;
  const emoji = emojiCount(normalized);
  return {
    characters,
    words: count(prose, WORD),
    lines: count(normalized, NON_EMPTY_LINE),
    emoji,
    links: linkCount(normalized),
    hashtags: hashtagCount(normalized),
    mentions: mentionCount(normalized),
    questions: count(normalized, QUESTIONS),
    endsWithQuestion: normalized.trimEnd().endsWith('?') ? 1 : 0,
    exclamations: count(normalized, EXCLAMATIONS),
    callsToAction: call('share') + call('react') + call('comment') + call('other'),
    shareCalls: call('share'),
    reactCalls: call('react'),
    commentCalls: call('comment'),
    hypeWords: call('hype'),
    adWords: call('ad'),
    boldSpans: count(normalized, BOLD),
    boldTitle: BOLD_TITLE.test(normalized) ? 1 : 0,
    listLines: count(normalized, LIST_LINE),
    uppercaseShare: share(letters.upper, letters.upper + letters.lower),
    cyrillicShare: share(letters.cyrillic, letters.letters),
    latinShare: share(letters.latin, letters.letters),
    digitShare: share(letters.digits, letters.codePoints),
    emojiShare: share(emoji, characters),
  };
}

/** Code points in the text (a surrogate pair is one; a lone surrogate is one too). */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A low surrogate right after a high one ends the code point the high one started.
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff)) n += 1;
  }
  return n;
}

/** The features as numbers in CONTENT_FEATURE_NAMES order. */
export function contentFeatureVector(features: ContentFeatures): number[] {
  return CONTENT_FEATURE_NAMES.map((name) => features[name]);
}

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/** One pass over the code points: letters by case and script, digits. */
function alphabetCounts(text: string) {
  const counts = { codePoints: 0, letters: 0, upper: 0, lower: 0, cyrillic: 0, latin: 0, digits: 0 };
  for (const ch of text) {
    counts.codePoints += 1;
    const c = ch.codePointAt(0)!;
    // ASCII and basic Cyrillic answer without a Unicode property lookup: nearly every character of a post.
    if (c < 0x80) {
      if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
        counts.letters += 1;
        counts.latin += 1;
        if (c <= 0x5a) counts.upper += 1;
        else counts.lower += 1;
      } else if (c >= 0x30 && c <= 0x39) counts.digits += 1;
      continue;
    }
    if ((c >= 0x410 && c <= 0x44f) || c === 0x401 || c === 0x451) {
      counts.letters += 1;
      counts.cyrillic += 1;
      if (c <= 0x42f || c === 0x401) counts.upper += 1;
      else counts.lower += 1;
      continue;
    }
    if (DIGIT.test(ch)) counts.digits += 1;
    if (!LETTER.test(ch)) continue;
    counts.letters += 1;
    if (CYRILLIC.test(ch)) counts.cyrillic += 1;
    else if (LATIN.test(ch)) counts.latin += 1;
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower !== upper) {
      if (ch === upper) counts.upper += 1;
      else counts.lower += 1;
    }
  }
  return counts;
}
