/**
 * Seeded Telegram channel simulator: the default data for demos, tests and training.
 *
 * `simulateChannels({ seed, channels, days })` returns the same records byte for byte for the
 * same options. Channel n draws only from streams forked off `seed/channel-n`, so it does not
 * change when the number of channels does. All clocks are UTC and the simulated audience lives
 * in UTC, so "evening" means 18:00-22:59 UTC.
 *
 * The generative model, per channel (fixed for the whole run):
 *   topic              one of news, tech, crypto, lifestyle, sport; sets vocabulary and title.
 *   subscribers S0     log-normal, median 8 000, sigma 1.4, clamped to [500, 500 000].
 *   reach              share of subscribers who view a post: 0.35 × (S0/10k)^-0.12
 *                      × (postsPerDay/2)^-0.15 × lognormal(0, 0.3), clamped to [0.05, 0.9].
 *                      Big channels and busy channels reach a smaller share.
 *   engagement rate    base (forwards+replies+reactions)/views: log-normal, median 3 %,
 *                      sigma 0.6, clamped to [0.6 %, 14 %]; with the per-post effects below,
 *                      channels' mean rates range about 1 %-15 %.
 *   kind shares        how that rate splits into reactions / forwards / replies: about
 *                      70 / 18 / 12 % with per-channel noise; 20 % of channels have comments off
 *                      (replies always 0).
 *   postsPerDay        log-uniform on [0.5, 8]; weekends post 30 % less.
 *   posting hours      1-3 preferred hours in 08-22; 75 % of posts fall near one (sd 1.5 h),
 *                      25 % at any hour (this is where night posts come from).
 *   media share        uniform [0.2, 0.9]; 35 % of media posts carry no text (text "").
 *   marker shares      how often posts carry boosting words (3-12 %), ads (0-12 %), questions
 *                      (5-25 %).
 *   growth             piecewise daily growth rate, segments of ~45 days (exponential), each
 *                      normal(+0.15 %, 0.2 %)/day, or with probability 0.15 a decline of
 *                      0.05-0.4 %/day.
 *
 * Per day d: subscribers S move by S × (segment rate + WEEKLY_GROWTH[weekday]) + noise
 * (sd 0.3·√S + 0.0003·S) + jumps from viral posts of the two previous days. WEEKLY_GROWTH sums
 * to zero: joins peak Monday, weekends lose subscribers. One count per day (end of day).
 *
 * Per post (posted at hour h on weekday w, with or without media, with text t):
 *   views    = S × reach × VIEW_HOUR[h] × VIEW_WEEKDAY[w] × (media ? 1.05 : 1) × lognormal(σ=0.45),
 *              and with probability 2 % (4 % for posts with a boosting word) a viral burst
 *              multiplies views by a log-uniform 3-20. Views are final counts (as if exported
 *              long after posting); there is no age effect for the last days.
 *   rate     = channel rate × ENGAGEMENT_HOUR[h] (evening ×1.2-1.3, night ×0.55-0.7)
 *              × ENGAGEMENT_WEEKDAY[w] (weekends higher) × media lift (×1.35)
 *              × length(t) (best around 350 characters, ×0.7 for very short or very long texts,
 *              ×0.9 for media-only posts) × wording(t) × lognormal(σ=0.3), capped at 50 %.
 *   wording  read from the generated text itself (whole words, case-insensitive), so a model
 *            can learn it: "exclusive" ×1.3, "giveaway" ×1.5 and replies ×2.5, "breaking"
 *            ×1.25 and forwards ×1.6, a text ending in "?" ×1.1 and replies ×2; "reminder"
 *            ×0.8, "sponsored" ×0.65, "ad" (as in "#ad") ×0.7.
 *   counts   reactions, forwards, replies ~ Poisson(views × rate × kind share × kind wording),
 *            each capped at views; viral posts get forwards ×2-5. So the observed
 *            (forwards+replies+reactions)/views is the rate plus sampling noise.
 *   ids      increasing integers per channel from a random start, with occasional gaps (like
 *            Telegram message ids, where deleted posts and service messages leave holes).
 * A viral post converts 0.1-0.5 % of its extra views into new subscribers over the next two days.
 */
import type { ChannelRecord, PostRecord, SubscriberCountRecord } from './interchange.js';
import { Random } from './random.js';

export interface SimulationOptions {
  seed: number;
  channels: number;
  days: number;
  /** Last simulated day, `YYYY-MM-DD` (UTC); default `2024-12-31`. */
  endDate?: string;
  /** Channel ids are `${idPrefix}-${n}`, n from 1; default `sim`. */
  idPrefix?: string;
}

/** (forwards + replies + reactions) / views, unknown forwards counted as 0; 0 when views is 0. */
export function engagementRate(post: Pick<PostRecord, 'views' | 'forwards' | 'replies' | 'reactions'>): number {
  if (post.views === 0) return 0;
  return ((post.forwards ?? 0) + post.replies + post.reactions) / post.views;
}

/** Simulates `channels` channels over `days` days ending at `endDate`; pure and deterministic. */
export function simulateChannels(options: SimulationOptions): ChannelRecord[] {
  const { seed, channels, days } = options;
  const endDate = options.endDate ?? '2024-12-31';
  const idPrefix = options.idPrefix ?? 'sim';
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  if (!Number.isSafeInteger(channels) || channels < 0) {
    throw new RangeError(`channels must be a non-negative integer, got ${channels}`);
  }
  if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  const endDayMs = parseDay(endDate);
  const firstDayMs = endDayMs - (days - 1) * DAY_MS;

  const root = new Random(seed);
  const out: ChannelRecord[] = [];
  for (let n = 1; n <= channels; n++) {
    out.push(simulateChannel(root.fork(`channel-${n}`), `${idPrefix}-${n}`, firstDayMs, days));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cycles. Indexed by UTC hour 0-23 and by `Date#getUTCDay()` (0 = Sunday).

/** Engagement by hour: evening peak (18-22), night trough (0-5). */
const ENGAGEMENT_HOUR = [
  0.7, 0.62, 0.58, 0.56, 0.58, 0.65, 0.78, 0.88, 0.95, 1.0, 1.0, 1.0, 1.05, 1.0, 0.98, 1.0, 1.05, 1.12, 1.22, 1.3,
  1.32, 1.28, 1.2, 0.9,
];
/** Views follow the same cycle at 40 % of its amplitude: a night post is still seen in the morning. */
const VIEW_HOUR = ENGAGEMENT_HOUR.map((f) => 1 + 0.4 * (f - 1));
/** Sunday..Saturday. Fewer views at weekends, but those who look engage more. */
const VIEW_WEEKDAY = [0.92, 1.0, 1.02, 1.02, 1.0, 0.98, 0.9];
const ENGAGEMENT_WEEKDAY = [1.12, 0.95, 0.98, 1.0, 1.0, 1.02, 1.08];
/** Weekend posting volume relative to weekdays. */
const POSTING_WEEKDAY = [0.7, 1, 1, 1, 1, 1, 0.7];
/** Additive daily growth rate by weekday; sums to 0 so it is pure seasonality. */
const WEEKLY_GROWTH = [-0.0012, 0.001, 0.0008, 0.0006, 0.0002, -0.0004, -0.001];

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Vocabulary. Ordinary words never contain a marker word (see MARKERS) so the wording signal is
// exactly what the markers put there.

interface Topic {
  name: string;
  titleWords: readonly string[];
  subjects: readonly string[];
  verbs: readonly string[];
  objects: readonly string[];
  tails: readonly string[];
  questions: readonly string[];
  prizes: readonly string[];
  emoji: readonly string[];
  hashtags: readonly string[];
}

const TOPICS: readonly Topic[] = [
  {
    name: 'news',
    titleWords: ['Daily Brief', 'Newsroom', 'Headlines', 'City Wire', 'The Morning Desk'],
    subjects: ['The city council', 'The ministry', 'Officials', 'The central bank', 'Local police', 'Parliament'],
    verbs: ['announced', 'confirmed', 'denied', 'approved', 'postponed', 'reported'],
    objects: ['a new budget plan', 'the transport reform', 'higher fuel prices', 'the election results', 'new border rules', 'a school funding package'],
    tails: ['according to sources', 'earlier today', 'this morning', 'after a long debate', 'late on Friday'],
    questions: ['What do you think about {o}?', 'Will {o} change anything for you?', 'Who should pay for {o}?'],
    prizes: ['a year of premium access', 'two concert tickets', 'a signed book'],
    emoji: ['📰', '⚡', '📌'],
    hashtags: ['#news', '#politics', '#city'],
  },
  {
    name: 'tech',
    titleWords: ['Dev Notes', 'Gadget Lab', 'Code & Coffee', 'Tech Radar', 'Byte Digest'],
    subjects: ['Apple', 'Google', 'A small startup', 'The open source community', 'Our team', 'Researchers'],
    verbs: ['released', 'open-sourced', 'benchmarked', 'shipped', 'rewrote', 'previewed'],
    objects: ['a faster compiler', 'a new phone', 'the beta of its editor', 'a local language model', 'a tiny database', 'a better battery'],
    tails: ['and the numbers look good', 'for all platforms', 'with a free tier', 'after months of work', 'in Rust'],
    questions: ['Would you switch to {o}?', 'Have you tried {o} yet?', 'Is {o} worth the hype?'],
    prizes: ['a mechanical keyboard', 'a pair of earbuds', 'a cloud credit voucher'],
    emoji: ['💻', '🚀', '🤖'],
    hashtags: ['#tech', '#dev', '#gadgets'],
  },
  {
    name: 'crypto',
    titleWords: ['Crypto Pulse', 'Chain Signals', 'Token Talk', 'DeFi Daily', 'Satoshi Street'],
    subjects: ['Bitcoin', 'Ethereum', 'A major exchange', 'Whales', 'The SEC', 'A new token'],
    verbs: ['jumped past', 'dropped below', 'listed', 'delayed', 'tested', 'broke through'],
    objects: ['a key resistance level', 'the weekly high', 'a staking program', 'the spot ETF decision', 'a layer two bridge', 'the halving target'],
    tails: ['overnight', 'on record volume', 'as funding rates cooled', 'ahead of the Fed meeting', 'in Asian trading'],
    questions: ['Are you buying {o}?', 'Bullish or bearish on {o}?', 'Where does {o} go next?'],
    prizes: ['0.01 BTC', 'a hardware wallet', '100 USDT'],
    emoji: ['📈', '📉', '🚀', '💎'],
    hashtags: ['#crypto', '#bitcoin', '#altcoins'],
  },
  {
    name: 'lifestyle',
    titleWords: ['Slow Mornings', 'Home & Habit', 'Wellness Notes', 'Kitchen Diaries', 'Weekend Club'],
    subjects: ['I', 'My sister', 'Our readers', 'A nutritionist', 'My trainer', 'We'],
    verbs: ['tried', 'cooked', 'recommended', 'rediscovered', 'tested', 'fell in love with'],
    objects: ['a five minute stretching routine', 'overnight oats', 'a tiny balcony garden', 'a screen-free evening', 'a cold shower habit', 'a new pasta recipe'],
    tails: ['and it changed my week', 'on a budget', 'with zero stress', 'for the whole family', 'before work'],
    questions: ['Would you try {o}?', 'What is your take on {o}?', 'How would you improve {o}?'],
    prizes: ['a cookbook', 'a yoga mat', 'a spa voucher'],
    emoji: ['🌿', '☕', '💞', '✨'],
    hashtags: ['#lifestyle', '#wellness', '#recipes'],
  },
  {
    name: 'sport',
    titleWords: ['Match Day', 'Full Time', 'The Locker Room', 'Goal Line', 'Sports Desk'],
    subjects: ['The coach', 'Our striker', 'The home team', 'The league', 'The club', 'Fans'],
    verbs: ['celebrated', 'lost', 'signed', 'suspended', 'secured', 'criticised'],
    objects: ['a late winner', 'the derby', 'a new goalkeeper', 'the away fixture', 'a playoff spot', 'the referee decision'],
    tails: ['in front of a full stadium', 'after extra time', 'last night', 'despite the injuries', 'in the final minute'],
    questions: ['Who was the best player in {o}?', 'Was {o} deserved?', 'How will {o} affect the table?'],
    prizes: ['a signed jersey', 'two match tickets', 'a team scarf'],
    emoji: ['⚽', '🏆', '🔥'],
    hashtags: ['#football', '#sport', '#matchday'],
  },
];

const TITLE_SUFFIXES = ['', ' Daily', ' Weekly', ' Club', ' Insider', ' Notes'];
const FILLERS = [
  'More details below.',
  'Here is what we know so far.',
  'Thanks for reading.',
  'Full story in the comments.',
  'We will keep you posted.',
  'Share your thoughts.',
  'Stay tuned for updates.',
];

// ---------------------------------------------------------------------------------------------
// Wording effects, read back from the text. `rate` multiplies the post's engagement rate;
// the kind multipliers apply on top to one kind of interaction.

interface WordingEffect {
  rate: number;
  reactions: number;
  forwards: number;
  replies: number;
}

const MARKERS: readonly { pattern: RegExp; effect: WordingEffect }[] = [
  { pattern: /\bexclusive\b/i, effect: { rate: 1.3, reactions: 1, forwards: 1, replies: 1 } },
  { pattern: /\bgiveaway\b/i, effect: { rate: 1.5, reactions: 1, forwards: 1, replies: 2.5 } },
  { pattern: /\bbreaking\b/i, effect: { rate: 1.25, reactions: 1, forwards: 1.6, replies: 1 } },
  { pattern: /\breminder\b/i, effect: { rate: 0.8, reactions: 1, forwards: 1, replies: 1 } },
  { pattern: /\bsponsored\b/i, effect: { rate: 0.65, reactions: 1, forwards: 1, replies: 1 } },
  { pattern: /\bad\b/i, effect: { rate: 0.7, reactions: 1, forwards: 1, replies: 1 } },
];
const QUESTION_EFFECT: WordingEffect = { rate: 1.1, reactions: 1, forwards: 1, replies: 2 };

function wordingEffect(text: string): WordingEffect {
  const total: WordingEffect = { rate: 1, reactions: 1, forwards: 1, replies: 1 };
  const apply = (e: WordingEffect) => {
    total.rate *= e.rate;
    total.reactions *= e.reactions;
    total.forwards *= e.forwards;
    total.replies *= e.replies;
  };
  for (const marker of MARKERS) if (marker.pattern.test(text)) apply(marker.effect);
  if (text.trimEnd().endsWith('?')) apply(QUESTION_EFFECT);
  return total;
}

/** Best around 350 characters; very short and very long texts lose up to 30 %. */
function lengthFactor(textLength: number): number {
  if (textLength === 0) return 0.9;
  const z = Math.log(textLength / 350);
  return 0.7 + 0.45 * Math.exp(-(z * z) / 2);
}

// ---------------------------------------------------------------------------------------------
// One channel.

interface ChannelParams {
  topic: Topic;
  title: string;
  initialSubscribers: number;
  reach: number;
  rate: number;
  shares: { reactions: number; forwards: number; replies: number };
  postsPerDay: number;
  preferredHours: number[];
  mediaShare: number;
  boostShare: number;
  adShare: number;
  questionShare: number;
  mediaLift: number;
}

function drawParams(rng: Random): ChannelParams {
  const topic = rng.pick(TOPICS);
  const title = `${rng.pick(topic.titleWords)}${rng.pick(TITLE_SUFFIXES)}`;
  const initialSubscribers = clamp(rng.logNormal(Math.log(8000), 1.4), 500, 500_000);
  const postsPerDay = Math.exp(rng.uniform(Math.log(0.5), Math.log(8)));
  const reach = clamp(
    0.35 * (initialSubscribers / 10_000) ** -0.12 * (postsPerDay / 2) ** -0.15 * rng.logNormal(0, 0.3),
    0.05,
    0.9,
  );
  const rate = clamp(rng.logNormal(Math.log(0.03), 0.6), 0.006, 0.14);
  const commentsOff = rng.bernoulli(0.2);
  const rawReactions = 0.7 * rng.logNormal(0, 0.35);
  const rawForwards = 0.18 * rng.logNormal(0, 0.35);
  const rawReplies = commentsOff ? 0 : 0.12 * rng.logNormal(0, 0.35);
  const sum = rawReactions + rawForwards + rawReplies;
  const hourCount = rng.int(1, 3);
  const preferredHours = Array.from({ length: hourCount }, () => rng.int(8, 22));
  return {
    topic,
    title,
    initialSubscribers,
    reach,
    rate,
    shares: { reactions: rawReactions / sum, forwards: rawForwards / sum, replies: rawReplies / sum },
    postsPerDay,
    preferredHours,
    mediaShare: rng.uniform(0.2, 0.9),
    boostShare: rng.uniform(0.03, 0.12),
    adShare: rng.uniform(0, 0.12),
    questionShare: rng.uniform(0.05, 0.25),
    mediaLift: 1.35 * rng.logNormal(0, 0.08),
  };
}

/** Piecewise growth: a daily rate per day, changing every ~45 days. */
function drawGrowthRates(rng: Random, days: number): Float64Array {
  const rates = new Float64Array(days);
  let day = 0;
  while (day < days) {
    const length = Math.max(7, Math.round(-45 * Math.log(1 - rng.next())));
    const rate = rng.bernoulli(0.15) ? -rng.uniform(0.0005, 0.004) : rng.normal(0.0015, 0.002);
    for (let i = 0; i < length && day < days; i++, day++) rates[day] = rate;
  }
  return rates;
}

function simulateChannel(rng: Random, id: string, firstDayMs: number, days: number): ChannelRecord {
  const params = drawParams(rng.fork('params'));
  const growth = drawGrowthRates(rng.fork('growth'), days);
  const postRng = rng.fork('posts');
  const textRng = rng.fork('text');
  const subRng = rng.fork('subscribers');

  const posts: PostRecord[] = [];
  const subscriberCounts: SubscriberCountRecord[] = [];
  const pendingJoins = new Float64Array(days + 2);
  let subscribers = params.initialSubscribers;
  let messageId = postRng.int(1, 5000);

  for (let d = 0; d < days; d++) {
    const dayMs = firstDayMs + d * DAY_MS;
    const weekday = new Date(dayMs).getUTCDay();

    const count = postRng.poisson(params.postsPerDay * POSTING_WEEKDAY[weekday]!);
    const seconds: number[] = [];
    for (let i = 0; i < count; i++) seconds.push(postingSecond(postRng, params.preferredHours));
    seconds.sort((a, b) => a - b);

    for (const second of seconds) {
      const hour = Math.floor(second / 3600);
      const hasMedia = postRng.bernoulli(params.mediaShare);
      const text = hasMedia && postRng.bernoulli(0.35) ? '' : composeText(textRng, params);
      const wording = wordingEffect(text);
      const boosted = wording.rate > 1.2;

      let views =
        subscribers *
        params.reach *
        VIEW_HOUR[hour]! *
        VIEW_WEEKDAY[weekday]! *
        (hasMedia ? 1.05 : 1) *
        postRng.logNormal(-(0.45 ** 2) / 2, 0.45);
      const viral = postRng.bernoulli(boosted ? 0.04 : 0.02);
      if (viral) {
        const baseline = views;
        views *= Math.exp(postRng.uniform(Math.log(3), Math.log(20)));
        // New subscribers from the outside audience arrive over the next two days.
        const joins = (views - baseline) * postRng.uniform(0.001, 0.005);
        pendingJoins[d + 1]! += 0.6 * joins;
        pendingJoins[d + 2]! += 0.4 * joins;
      }
      const viewCount = Math.max(0, Math.round(views));

      const rate = Math.min(
        0.5,
        params.rate *
          ENGAGEMENT_HOUR[hour]! *
          ENGAGEMENT_WEEKDAY[weekday]! *
          (hasMedia ? params.mediaLift : 1) *
          lengthFactor(text.length) *
          wording.rate *
          postRng.logNormal(-(0.3 ** 2) / 2, 0.3),
      );
      const expected = viewCount * rate;
      const viralForwards = viral ? postRng.uniform(2, 5) : 1;
      const reactions = Math.min(viewCount, postRng.poisson(expected * params.shares.reactions * wording.reactions));
      const forwards = Math.min(
        viewCount,
        postRng.poisson(expected * params.shares.forwards * wording.forwards * viralForwards),
      );
      const replies = Math.min(viewCount, postRng.poisson(expected * params.shares.replies * wording.replies));

      posts.push({
        id: String(messageId),
        postedAt: new Date(dayMs + second * 1000).toISOString(),
        views: viewCount,
        forwards,
        replies,
        reactions,
        text,
        textLength: text.length,
        hasMedia,
      });
      // Deleted posts and service messages leave holes in Telegram's id sequence.
      messageId += postRng.bernoulli(0.04) ? postRng.int(2, 5) : 1;
    }

    const noise = subRng.normal(0, 0.3 * Math.sqrt(subscribers) + 0.0003 * subscribers);
    subscribers += subscribers * (growth[d]! + WEEKLY_GROWTH[weekday]!) + noise + pendingJoins[d]!;
    subscribers = Math.max(50, subscribers);
    subscriberCounts.push({ date: new Date(dayMs).toISOString().slice(0, 10), count: Math.round(subscribers) });
  }

  return { id, title: params.title, posts, subscriberCounts };
}

/** Second of the UTC day: mostly near a preferred hour, sometimes any hour. */
function postingSecond(rng: Random, preferredHours: readonly number[]): number {
  const base = rng.bernoulli(0.75) ? rng.normal(rng.pick(preferredHours) + 0.5, 1.5) : rng.uniform(0, 24);
  const hours = ((base % 24) + 24) % 24;
  return Math.min(86_399, Math.floor(hours * 3600));
}

function composeText(rng: Random, params: ChannelParams): string {
  const topic = params.topic;
  // Target length: log-normal around 280 characters, plus occasional long reads.
  const target = rng.bernoulli(0.05) ? rng.uniform(1500, 4000) : clamp(rng.logNormal(Math.log(280), 0.8), 20, 4000);

  let prefix = '';
  let giveaway = false;
  if (rng.bernoulli(params.boostShare)) {
    const kind = rng.pick(topic.name === 'news' || topic.name === 'crypto' ? BOOSTS_NEWSY : BOOSTS);
    if (kind === 'giveaway') giveaway = true;
    else prefix = kind === 'breaking' ? 'BREAKING: ' : 'Exclusive: ';
  }
  let adTag = false;
  if (rng.bernoulli(params.adShare)) {
    if (rng.bernoulli(0.5)) prefix = `Sponsored: ${prefix}`;
    else adTag = true;
  } else if (rng.bernoulli(0.04)) {
    prefix = `Reminder: ${prefix}`;
  }

  const sentences: string[] = [];
  let length = prefix.length;
  do {
    const sentence = rng.bernoulli(0.15) ? rng.pick(FILLERS) : composeSentence(rng, topic);
    sentences.push(sentence);
    length += sentence.length + 1;
  } while (length < target);

  let body = '';
  sentences.forEach((sentence, i) => {
    if (i === 0) body = sentence;
    else body += i % 3 === 0 ? `\n\n${sentence}` : ` ${sentence}`;
  });
  if (rng.bernoulli(0.3)) body += ` ${rng.pick(topic.emoji)}`;

  let text = prefix + body;
  if (giveaway) text += `\n\nGiveaway! Comment below to win ${rng.pick(topic.prizes)}.`;
  if (rng.bernoulli(0.25)) text += `\n\n${rng.pick(topic.hashtags)}`;
  if (adTag) text += ' #ad';
  if (rng.bernoulli(params.questionShare)) {
    text += `\n\n${rng.pick(topic.questions).replace('{o}', rng.pick(topic.objects))}`;
  }
  return text;
}

const BOOSTS = ['exclusive', 'giveaway', 'exclusive', 'giveaway', 'breaking'] as const;
const BOOSTS_NEWSY = ['breaking', 'breaking', 'exclusive', 'giveaway'] as const;

function composeSentence(rng: Random, topic: Topic): string {
  return `${rng.pick(topic.subjects)} ${rng.pick(topic.verbs)} ${rng.pick(topic.objects)} ${rng.pick(topic.tails)}.`;
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

function parseDay(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`endDate must be a real YYYY-MM-DD date, got ${JSON.stringify(date)}`);
  }
  return ms;
}
