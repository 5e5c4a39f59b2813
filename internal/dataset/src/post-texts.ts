/**
 * The texts of simulated posts: varied enough that a text model learns what the words and the
 * form do (text-effects.ts) rather than a template. Every draw comes from the channel's text
 * stream, so texts never move the views or timing the simulator draws elsewhere.
 *
 * A channel writes in one style (drawTextStyle, from its own stream): a language (English 40 %,
 * Russian 40 %, mixed 20 %; personal channels, like dona134, Russian 50 %, mixed 35 %, English
 * 15 %), and how often its posts carry emoji, links, hashtags, @mentions, a bold title, a list,
 * calls to share, react or comment, and how often they are a word or two, or a long read. A
 * mixed channel writes each post in Russian (60 %) or English; its Russian posts drop English
 * words in (60 %, Russian channels' 10 %), as real bilingual authors do.
 *
 * A post (composeText) then takes a shape: a one-liner (a word or a few, sometimes emoji only),
 * a short post (a sentence), a regular one (log-normal around 280 characters), a list (a title
 * and 3-6 bulleted lines) or a long read (1 500-4 000 characters in paragraphs); and on top, each
 * with the channel's probability: a marker prefix, a **bold** title, emoji (none, one, or many:
 * 3-9, in a short post "a mood post"), links (http(s) and t.me, one or up to five), an @mention,
 * a giveaway line, calls to action, hashtags (1-3, or a spammy 4 or more), an ad tag, a closing
 * question, and rarely capitals throughout.
 */
import type { Random } from './random.js';
import {
  AD_TAGS,
  BULLETS,
  CALLS_TO_COMMENT,
  CALLS_TO_REACT,
  CALLS_TO_SHARE,
  COMMON_EMOJI,
  FILLERS,
  GIVEAWAY_LINES,
  HANDLES,
  LINK_LEADS,
  MARKER_PREFIXES,
  MENTION_LEADS,
  ONE_LINERS,
  REACTION_EMOJI,
  SLUG_WORDS,
  type Language,
  type Topic,
  type TopicWords,
} from './post-vocabulary.js';

export type ChannelLanguage = Language | 'mixed';

/** How a channel writes; shares are per-post probabilities. */
export interface TextStyle {
  language: ChannelLanguage;
  /** Of posts: a word or a few / one sentence. */
  oneLinerShare: number;
  shortShare: number;
  longReadShare: number;
  listShare: number;
  /** Posts with no emoji, and with many (3-9); the rest have one. */
  noEmojiShare: number;
  manyEmojiShare: number;
  linkShare: number;
  hashtagShare: number;
  mentionShare: number;
  boldTitleShare: number;
  shareCallShare: number;
  reactCallShare: number;
  commentCallShare: number;
  shoutShare: number;
}

/** The per-post shares the channel's engagement parameters already hold (simulator.ts drawParams). */
export interface MarkerShares {
  boostShare: number;
  adShare: number;
  questionShare: number;
}

/** A channel's style, from its own stream. */
export function drawTextStyle(rng: Random, topic: Topic): TextStyle {
  const personal = topic.name === 'personal';
  const u = rng.next();
  const language: ChannelLanguage = personal ? (u < 0.5 ? 'ru' : u < 0.85 ? 'mixed' : 'en') : u < 0.4 ? 'en' : u < 0.8 ? 'ru' : 'mixed';
  const noEmojiShare = rng.uniform(0.15, 0.8);
  return {
    language,
    oneLinerShare: rng.uniform(0.03, 0.15),
    shortShare: rng.uniform(0.05, 0.25),
    longReadShare: rng.uniform(0.01, 0.08),
    listShare: rng.uniform(0, 0.15),
    noEmojiShare,
    manyEmojiShare: (1 - noEmojiShare) * rng.uniform(0.1, 0.5),
    linkShare: rng.uniform(0, 0.45),
    hashtagShare: rng.uniform(0, 0.5),
    mentionShare: rng.uniform(0, 0.2),
    boldTitleShare: rng.uniform(0, 0.4),
    shareCallShare: rng.uniform(0, 0.25),
    reactCallShare: rng.uniform(0, 0.25),
    commentCallShare: rng.uniform(0, 0.2),
    shoutShare: topic.name === 'news' || topic.name === 'crypto' || topic.name === 'sport' ? rng.uniform(0, 0.06) : 0,
  };
}

/** A channel title in the channel's language (Russian channels retitle the English one simulator.ts drew). */
export function titleFor(rng: Random, topic: Topic, style: TextStyle, drawnTitle: string): string {
  return style.language === 'ru' ? rng.pick(topic.titleWordsRu) : drawnTitle;
}

type Shape = 'one-liner' | 'short' | 'regular' | 'list' | 'long read';

/** One post's text. */
export function composeText(rng: Random, topic: Topic, style: TextStyle, markers: MarkerShares): string {
  const language: Language = style.language === 'mixed' ? (rng.bernoulli(0.6) ? 'ru' : 'en') : style.language;
  const codeMixing = language === 'ru' && rng.bernoulli(style.language === 'mixed' ? 0.6 : 0.1);
  const writer = new Writer(rng, topic, language, codeMixing);
  const shape = drawShape(rng, style);

  let prefix = '';
  let giveaway = false;
  if (rng.bernoulli(markers.boostShare)) {
    const kind = rng.pick(topic.name === 'news' || topic.name === 'crypto' ? BOOSTS_NEWSY : BOOSTS);
    if (kind === 'giveaway') giveaway = true;
    else prefix = rng.pick(MARKER_PREFIXES[kind][language]);
  }
  let adTag = false;
  if (rng.bernoulli(markers.adShare)) {
    if (rng.bernoulli(0.5)) prefix = rng.pick(MARKER_PREFIXES.sponsored[language]) + prefix;
    else adTag = true;
  } else if (rng.bernoulli(0.04)) {
    prefix = rng.pick(MARKER_PREFIXES.reminder[language]) + prefix;
  }

  // Mood posts: a word or a sentence carries many emoji twice as often as a longer post.
  const manyGivenSome = (style.manyEmojiShare / (1 - style.noEmojiShare)) * (shape === 'one-liner' || shape === 'short' ? 2 : 1);
  const emoji = rng.bernoulli(style.noEmojiShare) ? 0 : rng.bernoulli(manyGivenSome) ? rng.int(3, 9) : 1;
  const blocks: string[] = [];
  let body = writer.body(shape, emoji);
  if (shape !== 'one-liner' && shape !== 'short' && rng.bernoulli(style.boldTitleShare)) {
    blocks.push(`**${prefix}${writer.headline()}**`);
  } else body = prefix + body;
  blocks.push(body);

  const tail: string[] = [];
  if (rng.bernoulli(style.mentionShare)) tail.push(writer.mention());
  if (rng.bernoulli(style.linkShare)) {
    const links = rng.bernoulli(0.7) ? 1 : rng.int(2, 5);
    for (let i = 0; i < links; i++) tail.push(writer.link());
  }
  if (giveaway) tail.push(rng.pick(GIVEAWAY_LINES[language]).replace('{p}', rng.pick(writer.words.prizes)));
  if (rng.bernoulli(style.shareCallShare)) tail.push(rng.pick(CALLS_TO_SHARE[language]));
  if (rng.bernoulli(style.reactCallShare)) tail.push(rng.pick(CALLS_TO_REACT[language]).replace('{e}', rng.pick(REACTION_EMOJI)));
  if (rng.bernoulli(style.commentCallShare)) tail.push(rng.pick(CALLS_TO_COMMENT[language]));
  if (rng.bernoulli(style.hashtagShare)) {
    // Russian channels use the topic's English tag too (#news, #rust).
    const pool = language === 'ru' ? [...writer.words.hashtags, topic.words.en.hashtags[0]!] : [...writer.words.hashtags];
    const tags = rng.shuffle(pool).slice(0, rng.bernoulli(0.8) ? rng.int(1, 3) : rng.int(4, 7));
    tail.push(tags.join(rng.bernoulli(0.7) ? ' ' : '\n'));
  }
  if (adTag) tail.push(AD_TAGS[language]);
  if (rng.bernoulli(markers.questionShare)) tail.push(writer.question());
  // Short posts keep their extras on the same line more often: "Огонь 🔥 #снэки".
  const joiner = shape === 'one-liner' || shape === 'short' ? (rng.bernoulli(0.5) ? ' ' : '\n') : '\n\n';
  if (tail.length > 0) blocks.push(tail.join(rng.bernoulli(0.6) ? joiner : '\n'));

  const text = blocks.join('\n\n');
  return shape !== 'regular' && shape !== 'long read' && rng.bernoulli(style.shoutShare * 4) ? text.toUpperCase() : text;
}

const BOOSTS = ['exclusive', 'giveaway', 'exclusive', 'giveaway', 'breaking'] as const;
const BOOSTS_NEWSY = ['breaking', 'breaking', 'exclusive', 'giveaway'] as const;

function drawShape(rng: Random, style: TextStyle): Shape {
  let u = rng.next();
  const shapes: [Shape, number][] = [
    ['one-liner', style.oneLinerShare],
    ['short', style.shortShare],
    ['long read', style.longReadShare],
    ['list', style.listShare],
  ];
  for (const [shape, share] of shapes) {
    if (u < share) return shape;
    u -= share;
  }
  return 'regular';
}

/** Writes sentences, lists, links and mentions in one language for one post. */
class Writer {
  readonly words: TopicWords;

  constructor(
    private readonly rng: Random,
    private readonly topic: Topic,
    private readonly language: Language,
    private readonly codeMixing: boolean,
  ) {
    this.words = topic.words[language];
  }

  body(shape: Shape, emoji: number): string {
    const rng = this.rng;
    if (shape === 'one-liner') {
      // A mood post may be emoji alone.
      if (emoji >= 3 && rng.bernoulli(0.3)) return this.emojiRun(emoji);
      const line = rng.pick(ONE_LINERS[this.language]);
      return emoji === 0 ? line : emoji === 1 ? `${line} ${this.emoji()}` : `${line} ${this.emojiRun(emoji)}`;
    }
    if (shape === 'short') {
      const sentence = this.sentence();
      return emoji === 0 ? sentence : emoji === 1 ? `${sentence}${this.emoji()}` : `${this.emoji()} ${sentence} ${this.emojiRun(emoji - 1)}`;
    }
    if (shape === 'list') return this.list(emoji);
    const target = shape === 'long read' ? rng.uniform(1500, 4000) : Math.min(1500, Math.max(40, rng.logNormal(Math.log(280), 0.8)));
    const sentences: string[] = [];
    let length = 0;
    do {
      const sentence = rng.bernoulli(0.15) ? rng.pick(FILLERS[this.language]) : this.sentence();
      sentences.push(sentence);
      length += sentence.length + 1;
    } while (length < target);
    // Emoji sit after sentences; "many" spreads them and may start paragraphs with one.
    const spots = new Set<number>();
    for (let i = 0; i < emoji; i++) spots.add(rng.int(0, sentences.length - 1));
    let text = '';
    const breakEvery = rng.int(2, 4);
    sentences.forEach((sentence, i) => {
      const decorated = spots.has(i) ? `${sentence} ${this.emoji()}` : sentence;
      if (i === 0) text = decorated;
      else if (i % breakEvery === 0) text += rng.bernoulli(0.8) ? `\n\n${decorated}` : `\n${decorated}`;
      else text += ` ${decorated}`;
    });
    // Fewer distinct spots than emoji asked for: the rest close the text.
    if (spots.size < emoji) text += ` ${this.emojiRun(emoji - spots.size)}`;
    return text;
  }

  headline(): string {
    const line = this.rng.pick(this.words.headlines).replace('{o}', this.rng.pick(this.words.objects));
    return line[0]!.toUpperCase() + line.slice(1);
  }

  sentence(): string {
    const rng = this.rng;
    const words = this.words;
    if (this.codeMixing && rng.bernoulli(0.5)) {
      // "Я попробовала meal prep перед работой." or an English aside.
      const loan = rng.pick(this.topic.loanwords);
      return rng.bernoulli(0.5)
        ? `${rng.pick(words.leads)} ${loan} ${rng.pick(words.tails)}.`
        : `${rng.pick(words.leads)} ${rng.pick(words.objects)} — ${loan}, ${rng.pick(words.tails)}.`;
    }
    const italic = rng.bernoulli(0.05);
    const object = italic ? `__${rng.pick(words.objects)}__` : rng.pick(words.objects);
    const end = rng.bernoulli(0.1) ? '!' : '.';
    return `${rng.pick(words.leads)} ${object} ${rng.pick(words.tails)}${end}`;
  }

  list(emoji: number): string {
    const rng = this.rng;
    const bullet = rng.pick(BULLETS);
    const items = rng.shuffle([...this.words.listItems]).slice(0, rng.int(3, 5));
    const lines = items.map((item, i) => (bullet === '-' && rng.bernoulli(0.3) ? `${i + 1}. ${item}` : `${bullet}${bullet === '-' ? '' : ' '}${item}`));
    const intro = `${this.headline()}${emoji > 0 ? ` ${this.emojiRun(Math.min(emoji, 2))}` : ''}:`;
    const outro = emoji > 2 ? `\n\n${this.sentence()} ${this.emojiRun(emoji - 2)}` : rng.bernoulli(0.5) ? `\n\n${this.sentence()}` : '';
    return `${intro}\n\n${lines.join('\n')}${outro}`;
  }

  question(): string {
    return this.rng.pick(this.words.questions).replace('{o}', this.rng.pick(this.words.objects));
  }

  link(): string {
    const rng = this.rng;
    const slug = `${rng.pick(SLUG_WORDS)}-${rng.int(1, 99_999)}`;
    const u = rng.next();
    const url =
      u < 0.2
        ? `https://t.me/${rng.pick(HANDLES)}/${rng.int(10, 9999)}`
        : u < 0.3
          ? `t.me/${rng.pick(HANDLES)}`
          : u < 0.35
            ? `https://t.me/+${slug.replace('-', '')}`
            : `${rng.bernoulli(0.1) ? 'http' : 'https'}://${rng.pick(this.topic.domains)}/${slug}`;
    return rng.pick(LINK_LEADS[this.language]).replace('{u}', url);
  }

  mention(): string {
    return this.rng.pick(MENTION_LEADS[this.language]).replace('{h}', this.rng.pick(HANDLES));
  }

  emoji(): string {
    return this.rng.bernoulli(0.6) ? this.rng.pick(this.topic.emoji) : this.rng.pick(COMMON_EMOJI);
  }

  /** `n` emoji in a row, often the same one repeated ("🔥🔥🔥"). */
  emojiRun(n: number): string {
    if (this.rng.bernoulli(0.4)) return this.emoji().repeat(n);
    return Array.from({ length: n }, () => this.emoji()).join('');
  }
}
