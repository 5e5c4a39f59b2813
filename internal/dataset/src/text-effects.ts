/**
 * How a simulated post's text moves its engagement: the part of the generative story a text
 * model can learn. Every effect is read back from the text itself (never from how post-texts.ts
 * composed it), so what a model sees is exactly what caused the engagement. Multipliers stack
 * (multiply); `rate` scales the post's whole engagement rate, the kind multipliers one kind of
 * interaction on top of it.
 *
 *   length      best around 350 characters: 0.7 + 0.45 × exp(-ln(L/350)²/2), so very short and
 *               very long texts lose up to 30 %; an empty text (media only) ×0.9.
 *   markers     whole words, any case, English or Russian (Russian in any inflection):
 *                 "exclusive" / "эксклюзив…"   ×1.3
 *                 "giveaway" / "розыгрыш…"     ×1.5, replies ×2.5
 *                 "breaking" / "срочно"        ×1.25, forwards ×1.6
 *                 "reminder" / "напомина…"     ×0.8
 *                 "sponsored" / "реклам…"      ×0.65
 *                 "ad" / "промо" (#ad, #промо) ×0.7
 *               The first three are boosting words: such a post's chance of a viral burst of
 *               views doubles (simulator.ts).
 *   question    a text ending in "?": ×1.1, replies ×2.
 *   share call  "share this/it with", "forward this/it to", "send this/it to", "repost",
 *               "поделитесь", "перешлите", "репост…", "отправьте это/друзьям": ×1.25 and
 *               forwards ×3 (a reader who is asked to pass a post on often does).
 *   react call  "put a(n)", "react with", "smash", "ставьте", "жмите", "поставьте" followed by
 *               an emoji: reactions ×2.
 *   comment call "comment…", "комментари…": ×1.05, replies ×2.
 *   links       each http(s) URL or t.me link: ×0.7, so three links ×0.34 (readers leave, or
 *               read the post as an ad).
 *   emoji       a short text (at most 120 characters) with 3 or more emoji: reactions ×3 (a
 *               mood post gets tapped, not read); any other text with emoji: ×1.15. An emoji
 *               is one pictograph with its modifiers and ZWJ joins, a flag, or a keycap.
 *   hashtags    4 or more: ×0.75 (reads as spam); fewer: no effect.
 *   bold title  a text opening with a **bold** first line: ×1.2.
 *   shouting    at least 20 Latin or Cyrillic letters, at least 60 % of them capitals: ×0.75.
 * Language, @mentions, lists, line breaks, digits and exclamation marks have no effect of their
 * own: a model that leans on them learns noise. Last, a text's rate is divided by
 * MEAN_TEXT_EFFECT, the multipliers' mean over simulated texts, so that text posts on average
 * engage at the channel's level: the effects move posts within a channel, not the channel.
 */

import { emojiCount, hashtagCount, linkCount, WordFinder, type WordList } from './text-patterns.js';

export interface TextEffect {
  /** Multiplies the engagement rate. */
  rate: number;
  reactions: number;
  forwards: number;
  replies: number;
  /** A boosting marker (exclusive, giveaway, breaking) is present. */
  boosted: boolean;
}

/**
 * The mean over simulated text posts of the multipliers' effect on all engagement (rate × the
 * kinds' multipliers weighted by the typical 70/18/12 % kind shares). Every text's rate is
 * divided by it, so the average text post engages at its channel's level and the calibration of
 * levels in simulator.ts holds; text-effects.test.ts measures it.
 */
export const MEAN_TEXT_EFFECT = 1.3;

/** The effect of an empty text (a media-only post): the length rule's ×0.9 alone. */
export const EMPTY_TEXT_EFFECT: TextEffect = { rate: 0.9, reactions: 1, forwards: 1, replies: 1, boosted: false };

const BOLD_FIRST_LINE = /^\*\*[^\n]+\*\*/u;
/** Texts up to this many characters count as short for the emoji rule. */
const SHORT_TEXT = 120;

/** Whether the text shouts: at least 20 Latin or Cyrillic letters, 60 % of them capitals. */
export function shouts(text: string): boolean {
  let capitals = 0;
  let small = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x410 && c <= 0x42f) || c === 0x401) capitals += 1;
    else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x430 && c <= 0x44f) || c === 0x451) small += 1;
  }
  return capitals + small >= 20 && capitals >= 0.6 * (capitals + small);
}

/** Best around 350 characters; very short and very long texts lose up to 30 %. */
export function lengthFactor(textLength: number): number {
  if (textLength === 0) return EMPTY_TEXT_EFFECT.rate;
  const z = Math.log(textLength / 350);
  return 0.7 + 0.45 * Math.exp(-(z * z) / 2);
}

interface Effect {
  rate: number;
  reactions?: number;
  forwards?: number;
  replies?: number;
  /** A boosting word: doubles the chance of a viral burst. */
  boosts?: boolean;
}

/** A cue present when one of its words stands in the text (text-patterns.ts: WordList). */
interface WordCue extends Effect, WordList {
  name: string;
}

/** The word cues, in the order of the header. */
const WORD_CUES: readonly WordCue[] = [
  { name: 'exclusive', words: ['exclusive'], stems: ['эксклюзив'], rate: 1.3, boosts: true },
  { name: 'giveaway', words: ['giveaway'], stems: ['розыгрыш'], rate: 1.5, replies: 2.5, boosts: true },
  { name: 'breaking', words: ['breaking', 'срочно'], rate: 1.25, forwards: 1.6, boosts: true },
  { name: 'reminder', words: ['reminder'], stems: ['напомина'], rate: 0.8 },
  { name: 'sponsored', words: ['sponsored'], stems: ['реклам'], rate: 0.65 },
  { name: 'ad', words: ['ad', 'промо'], rate: 0.7 },
  {
    name: 'share call',
    words: ['share this with', 'share it with', 'forward this to', 'forward it to', 'send this to', 'send it to', 'repost', 'поделитесь', 'перешлите', 'отправьте это', 'отправьте друзьям'],
    stems: ['репост'],
    rate: 1.25,
    forwards: 3,
  },
  { name: 'react call', words: ['put a', 'put an', 'react with', 'smash', 'ставьте', 'жмите', 'поставьте'], followedBy: / \p{Extended_Pictographic}/uy, rate: 1, reactions: 2 },
  { name: 'comment call', stems: ['comment', 'комментари'], rate: 1.05, replies: 2 },
];

/** The names textCues gives the word cues (markers and calls to action). */
export const WORD_CUE_NAMES: readonly string[] = WORD_CUES.map((cue) => cue.name);

const WORDS = new WordFinder(new Map(WORD_CUES.map((cue) => [cue, cue])));

/** What the other cues read, computed once per text. */
interface TextFacts {
  text: string;
  links: number;
  emoji: number;
  hashtags: number;
}

interface FormCue extends Effect {
  name: string;
  /** How often the cue is present (0: absent); its multipliers apply that many times. */
  times(facts: TextFacts): number;
}

const when = (condition: boolean) => (condition ? 1 : 0);
const emojiHeavyShort = (f: TextFacts) => f.emoji >= 3 && f.text.length <= SHORT_TEXT;

/** The cues of the header's form: question, links, emoji, hashtags, bold title, shouting. */
const FORM_CUES: readonly FormCue[] = [
  { name: 'question', times: (f) => when(f.text.trimEnd().endsWith('?')), rate: 1.1, replies: 2 },
  { name: 'links', times: (f) => f.links, rate: 0.7 },
  { name: 'emoji-heavy short', times: (f) => when(emojiHeavyShort(f)), rate: 1, reactions: 3 },
  { name: 'emoji', times: (f) => when(f.emoji > 0 && !emojiHeavyShort(f)), rate: 1.15 },
  { name: 'many hashtags', times: (f) => when(f.hashtags >= 4), rate: 0.75 },
  { name: 'bold title', times: (f) => when(BOLD_FIRST_LINE.test(f.text)), rate: 1.2 },
  { name: 'shouting', times: (f) => when(shouts(f.text)), rate: 0.75 },
];

/** Each cue present in the text with how many times it counts. */
function cuesIn(text: string): { cue: Effect & { name: string }; times: number }[] {
  const facts: TextFacts = { text, links: linkCount(text), emoji: emojiCount(text), hashtags: hashtagCount(text) };
  const words = WORDS.count(text);
  return [
    ...WORD_CUES.filter((cue) => words.has(cue)).map((cue) => ({ cue, times: 1 })),
    ...FORM_CUES.map((cue) => ({ cue, times: cue.times(facts) })).filter(({ times }) => times > 0),
  ];
}

/** The header's cues found in the text, by name ("links ×3" when one counts several times): for tests and explanations. */
export function textCues(text: string): string[] {
  return cuesIn(text).map(({ cue, times }) => (times === 1 ? cue.name : `${cue.name} ×${times}`));
}

/** The text's effect on engagement, as the header tells it. Pure. */
export function textEffect(text: string): TextEffect {
  if (text.length === 0) return EMPTY_TEXT_EFFECT;
  const effect: TextEffect = { rate: lengthFactor(text.length) / MEAN_TEXT_EFFECT, reactions: 1, forwards: 1, replies: 1, boosted: false };
  for (const { cue, times } of cuesIn(text)) {
    effect.rate *= cue.rate ** times;
    effect.reactions *= (cue.reactions ?? 1) ** times;
    effect.forwards *= (cue.forwards ?? 1) ** times;
    effect.replies *= (cue.replies ?? 1) ** times;
    effect.boosted ||= cue.boosts ?? false;
  }
  return effect;
}
