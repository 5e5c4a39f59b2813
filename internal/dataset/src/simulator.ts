/**
 * Seeded Telegram channel simulator: the default data for demos, tests and training.
 *
 * `simulateChannels({ seed, channels, days })` returns the same records byte for byte for the
 * same options. Channel n draws only from streams forked off `seed/channel-n`, so it does not
 * change when the number of channels does. All clocks are UTC and the simulated audience lives
 * in UTC, so "evening" means 18:00-22:59 UTC. `channelProfiles(options)` returns, without
 * simulating posts, the regimes each of those channels was drawn with (for tests and for
 * stratifying evaluations).
 *
 * Regimes. Real channels differ in kind, not only in degree, and the engagement model is judged
 * on real channels; so each channel first draws which of these regimes it belongs to. The
 * probabilities are the P_* constants below; "about" figures are what they add up to over all
 * channels (measured on 20 000 simulated channels).
 *   personal           P_PERSONAL = 0.12. A photo diary like the real channel dona134: the
 *                      personal topic, few subscribers (log-normal median 600, sigma 0.5,
 *                      clamped to [300, 20 000]; median views about 400), 0.15-1 posting events
 *                      a day, 80-97 % of them with media, 60-90 % of media events albums whose
 *                      carrier carries a caption 85 % of the time, base rate log-normal
 *                      median 4.5 %, sigma 0.35. About 80 % of its posts are media-only album
 *                      items, most of them with no engagement at all, its text posts ~5-6 %: the tenfold gap
 *                      between text and media posts comes from the album rule below.
 *   forward-heavy news P_FORWARD_HEAVY_NEWS = 0.5 of news channels (about 9 % of all): no
 *                      comments (replies always 0), no media (hasMedia false on every post), and
 *                      forwards drawn as 30-45 % of the expected engagement, the rest reactions;
 *                      with viral and "breaking" forwards on top, forwards make 30-70 % of the
 *                      channel's forwards+replies+reactions.
 *   forwards unknown   P_FORWARDS_UNKNOWN = 0.22 of ordinary channels, P_FORWARDS_UNKNOWN_PERSONAL
 *                      = 0.6 of personal ones, never forward-heavy news (about 25 % of all):
 *                      every post's `forwards` is null, as in owner exports that have no
 *                      forwards column. The audience still forwards; the source does not say,
 *                      so the observed rate lacks the forward share.
 *   comments off       P_COMMENTS_OFF = 0.23 of channels other than forward-heavy news, which
 *                      never have comments (about 30 % of all): replies always 0.
 *   albums             personal: see above; lifestyle: 10-40 % of media events; tech, crypto,
 *                      sport and other news: with P_SOME_ALBUMS = 0.3, 2-15 % of media events,
 *                      else none; forward-heavy news: none (about 48 % of all channels post
 *                      albums). An album is 2-10 media posts (uniform) with consecutive ids,
 *                      each 0 s (70 %) or 1 s (30 %) after the previous, so at most 9 s apart
 *                      in all. One item, the carrier, may carry a caption (60 %, personal
 *                      85 %); the others have text "". The carrier is the first item, except
 *                      that a captioned carrier sits at a uniformly drawn position half the
 *                      time (exports list an album's items in no fixed order). Reactions land
 *                      on the carrier: the other items engage at the channel's album item
 *                      factor, log-uniform 0.003-0.05, times the rate, so most of them show no
 *                      engagement at all (dona134: 97 % of its media-only items have none).
 *                      Views are the album's, ±2 % per item.
 *   ordinary           everything else: news (the other half), tech, crypto, lifestyle, sport,
 *                      each topic equally likely.
 *
 * The generative model, per channel (fixed for the whole run unless "drift" says otherwise):
 *   topic              personal (see above), else one of news, tech, crypto, lifestyle, sport;
 *                      sets vocabulary and title.
 *   text style         language (English, Russian or mixed) and how often posts carry emoji,
 *                      links, hashtags, mentions, calls to action, a bold title, and how often
 *                      they are a word or a long read: post-texts.ts, from the channel's own
 *                      stream; Russian-language channels get a Russian title.
 *   subscribers S0     log-normal, median 8 000, sigma 1.4, clamped to [500, 500 000]
 *                      (personal channels: see above).
 *   reach              share of subscribers who view a post: 0.35 × (S0/10k)^-0.12
 *                      × (postsPerDay/2)^-0.15 × lognormal(0, 0.3), clamped to [0.05, 0.9].
 *                      Big channels and busy channels reach a smaller share.
 *   engagement rate    base (forwards+replies+reactions)/views: log-normal, median 2.5 %,
 *                      sigma 0.95, clamped to [0.1 %, 16 %] (personal: see above); with drift
 *                      and the per-post effects below, channels' mean rates span about
 *                      0.1 %-20 % (1st-99th percentile 0.2 %-18 %). Small channels with low
 *                      rates see one or two interactions a post, so Poisson noise dominates
 *                      what is observed there.
 *   kind shares        how that rate splits into reactions / forwards / replies: about
 *                      70 / 18 / 12 % with per-channel noise; replies 0 with comments off;
 *                      forward-heavy news see above.
 *   postsPerDay        posting events (a single post or an album) a day: log-uniform on
 *                      [0.5, 8] (personal [0.15, 1]); weekends post 30 % less.
 *   posting hours      1-3 preferred hours in 08-22; 75 % of posts fall near one (sd 1.5 h),
 *                      25 % at any hour (this is where night posts come from).
 *   media share        share of events with media: uniform [0.2, 0.9] (personal [0.8, 0.97],
 *                      forward-heavy news 0); 35 % of single media posts carry no text (text "").
 *   marker shares      how often posts carry boosting words (3-12 %), ads (0-12 %), questions
 *                      (5-25 %).
 *   trend              piecewise daily growth rate of the audience, segments of ~45 days
 *                      (exponential, at least 7), each normal(+0.15 %, 0.2 %)/day, or with
 *                      probability 0.15 a decline of 0.05-0.4 %/day (unsubscribes outpacing
 *                      joins; about 60 % of 240-day channels have at least one such segment).
 *
 * Drift, per day (real channels are not stationary):
 *   rate walk          the log of the channel's rate follows a slow mean-reverting random walk:
 *                      w ← w × (1 - 1/120) + normal(0, σ), σ log-uniform 0.01-0.035 per
 *                      channel: over months w wanders with a standard deviation of 0.08-0.27.
 *   format changes     each day with probability STEP_CHANCE = 1/200 (about one per 200 days)
 *                      the log rate steps by normal(0, 0.45) and stays there.
 *   posting frequency  each day with probability FREQUENCY_CHANGE_CHANCE = 1/100 the posting
 *                      (events a day) is multiplied by lognormal(0, 0.5); the multiplier stays
 *                      within [1/4, 4] of the channel's starting postsPerDay.
 *   The day's rate, base × e^(walk + steps), is clamped to [0.1 %, 16 %] like the base.
 *
 * Audience and count. Per day d the audience S (the subscribers who read: views are S × reach × …)
 * moves by S × (segment rate + WEEKLY_GROWTH[weekday]) + noise (sd 0.3·√S + 0.0003·S) + the
 * joins from viral posts of the two previous days. WEEKLY_GROWTH (subscriber-growth.ts) sums to
 * zero: joins peak Monday, weekends lose subscribers. `subscriberCounts` records a second path,
 * the count N (end of day, rounded): it shares the audience's trend segments, its day noise (the
 * same standard normal, scaled to N's size) and its viral joins, and adds the channel's growth
 * regimes below. The regimes draw from their own streams and never touch S, so posts are byte
 * for byte what they were before the regimes existed; the price is that views per counted
 * subscriber drift on channels with a campaign, plateau or decline (on 400 channels of 240 days
 * the final count is 0.54-1.46 × the audience for 90 % of them; declines end at a median 0.56 ×,
 * campaigns at 1.25 ×). Read it as campaign joiners who do not read, and readers who read without
 * subscribing or stay after leaving.
 *
 * Growth regimes (subscriber-growth.ts), each drawn per channel from its own stream forked off
 * `seed/channel-n/growth-regimes`, independently of the others; "about" figures are over 20 000
 * channels of 240 days, and channelProfiles(...).growth says which channel has which:
 *   launch burst       P_LAUNCH_BURST = 0.15: on day 1-3 (the second to fourth day) the count
 *                      gains a spike of x × N, x log-uniform 15-50 %, then daily joins of
 *                      x × N × 0.05^(i/L) on the L days after it (i = 1..L, L uniform 3-15), fading
 *                      to 5 % of the spike. The count starts below the audience by the launch's
 *                      growth, so the two agree once it has played out (the launch brought the
 *                      readers).
 *   campaign burst     P_CAMPAIGN_BURST = 0.2, independent of a launch (about 32 % of channels
 *                      have a burst): the same shape with x log-uniform 4-16 %, on a day uniform
 *                      from day max(4, days/10) to days - 8 (an ad campaign; its joiners are
 *                      counted, not readers).
 *   plateau            P_PLATEAU = 0.2: 30-90 days (uniform) of near-zero net growth, placed
 *                      uniformly where it overlaps no burst's spike or decay (none when no such
 *                      place exists): trend, seasonality, bursts and viral joins are all matched
 *                      by leaves, and the day noise is 0.1 of the usual.
 *   decline            P_DECLINE = 0.12: a steady loss of r a day, r log-uniform 0.1-0.4 %, from
 *                      the first day (half of them) or a day uniform in the first half of the
 *                      run, to the end; it replaces the trend segments, while seasonality, noise,
 *                      bursts and viral joins go on. Declining trend segments (above) stay too.
 *   viral steps        every channel: a viral post's joins (above and below) step the count up
 *                      over the next two days and stay; for posts with at least 10 × their
 *                      channel's median views, the two-day gain is a median 4.4 × the channel's
 *                      median daily change (small channels' noise hides some).
 *   seasonality        the count's weekly seasonality is a × WEEKLY_GROWTH: none (a = 0) with
 *                      P_NO_SEASONALITY = 0.2, strong (a uniform 3-6) with P_STRONG_SEASONALITY
 *                      = 0.2, else moderate (a uniform 0.5-2).
 *   missing days       P_GAPS = 0.2: 1 + Poisson((recorded days - 2) / 90) outages of a single
 *                      day (60 %) or 2-14 days, never on the first recorded or the last day (a
 *                      collector that was down; a median 12 missing days of 240). Independently,
 *                      P_LATE_COUNTS = 0.07: counts start on a day uniform in 10-50 % of the run
 *                      (at least day 1), later than the posts. About 26 % of channels have one or
 *                      both; dates stay ascending and unique.
 * About 47 % of channels have no burst, plateau or decline; about 21 % have none of the regimes
 * (moderate seasonality, no gaps).
 *
 * Per post (posted at hour h on weekday w, with or without media, with text t):
 *   views    = S × reach × VIEW_HOUR[h] × VIEW_WEEKDAY[w] × (media ? 1.05 : 1) × lognormal(σ=0.45),
 *              and with probability 2 % (4 % for posts with a boosting word) a viral burst
 *              multiplies views by a log-uniform 3-20. Views are final counts (as if exported
 *              long after posting); there is no age effect for the last days. Album items
 *              share their album's draw.
 *   rate     = the day's rate × ENGAGEMENT_HOUR[h] (evening ×1.2-1.3, night ×0.55-0.7)
 *              × ENGAGEMENT_WEEKDAY[w] (weekends higher) × media lift (×1.35)
 *              × text(t) × lognormal(σ=0.3)
 *              × (album items other than the carrier: the album item factor), capped at 50 %.
 *   text     text-effects.ts, read from the generated text itself so a model can learn it: its
 *            length (best around 350 characters, ×0.7 for very short or very long texts, ×0.9
 *            for media-only posts), marker words in English and Russian ("exclusive" /
 *            "эксклюзив" ×1.3 … "sponsored" / "реклама" ×0.65), a closing question, calls to
 *            share (forwards ×3), react (reactions ×2) or comment (replies ×2), each link ×0.7,
 *            emoji (a short text with 3 or more: reactions ×3), 4 or more hashtags ×0.75, a bold
 *            title ×1.2, capitals throughout ×0.75; divided by their mean over simulated texts,
 *            so the average text post engages at its channel's level. Together they spread a text post's
 *            (forwards + reactions) per view with a standard deviation of about 0.5 in logs,
 *            about as much as everything else that moves a post within its channel (hour,
 *            media, drift, the lognormal): the text decides much, not all, of which posts lead
 *            their channel.
 *   counts   reactions, forwards, replies ~ Poisson(views × rate × kind share × the text's kind
 *            multiplier), each capped at views; viral posts get forwards ×2-5. So the observed
 *            (forwards+replies+reactions)/views is the rate plus sampling noise (less the
 *            forwards where they are unknown). Texts and counts draw from streams of their own
 *            (`…/text`, `…/counts`), so changing how texts are written never moves a post's
 *            views or time.
 *   times    posting events at least a minute apart (an event that pushes past 23:59:50 is
 *            dropped), album items 0-1 s apart.
 *   ids      increasing integers per channel from a random start, with occasional gaps between
 *            posting events (like Telegram message ids, where deleted posts and service
 *            messages leave holes); consecutive within an album.
 * A viral post converts 0.1-0.5 % of its extra views into new subscribers over the next two days.
 */
import type { ChannelRecord, PostRecord, SubscriberCountRecord } from './interchange.js';
import { composeText, drawTextStyle, titleFor, type ChannelLanguage } from './post-texts.js';
import { PERSONAL_TOPIC, TITLE_SUFFIXES, TOPICS, type Topic } from './post-vocabulary.js';
import { Random } from './random.js';
import { CountedSubscribers, dayNoiseSd, drawGrowthRegimes, MIN_SUBSCRIBERS, WEEKLY_GROWTH, type GrowthRegimes, type Seasonality } from './subscriber-growth.js';
import { EMPTY_TEXT_EFFECT, textEffect } from './text-effects.js';

export interface SimulationOptions {
  seed: number;
  channels: number;
  days: number;
  /** Last simulated day, `YYYY-MM-DD` (UTC); default `2024-12-31`. */
  endDate?: string;
  /** Channel ids are `${idPrefix}-${n}`, n from 1; default `sim`. */
  idPrefix?: string;
}

/** The regimes a simulated channel was drawn with (see the header for what each does). */
export interface ChannelProfile {
  /** The channel's id, as in `simulateChannels`. */
  id: string;
  topic: 'news' | 'tech' | 'crypto' | 'lifestyle' | 'sport' | 'personal';
  /** A photo diary whose media-only album items engage a small fraction of its text posts (most none at all). */
  personal: boolean;
  /** The language its posts are written in (post-texts.ts): mixed channels write some posts in each. */
  language: ChannelLanguage;
  /** A news channel whose engagement is 30-70 % forwards, with no replies and no media. */
  forwardHeavyNews: boolean;
  /** Every post's `forwards` is null. */
  forwardsUnknown: boolean;
  /** Every post's `replies` is 0. */
  commentsOff: boolean;
  /** Share of media posting events published as albums; 0 when the channel posts none. */
  albumShare: number;
  /** The channel's base engagement rate, before drift and per-post effects. */
  baseRate: number;
  /** How its subscriber count grows and which days have a count (see "Growth regimes" in the header). */
  growth: GrowthProfile;
}

/** A channel's growth regimes, by UTC date (`YYYY-MM-DD`). */
export interface GrowthProfile {
  /** Spikes of joins that decay over `decayDays` days; a launch on one of the first days, a campaign later; oldest first. */
  bursts: { kind: 'launch' | 'campaign'; date: string; size: number; decayDays: number }[];
  /** A stretch of near-zero net growth, both dates included; null when none. */
  plateau: { from: string; to: string } | null;
  /** From `from` to the end the count loses `lossPerDay` (a share) a day; null when it does not. */
  decline: { from: string; lossPerDay: number } | null;
  seasonality: Seasonality;
  /** Weekly seasonality of the count as a multiple of the audience's (WEEKLY_GROWTH); 0 for none. */
  seasonalityAmplitude: number;
  /** The first date with a count: the first simulated day, later when `lateCounts`. */
  countsFrom: string;
  /** The counts start later than the posts. */
  lateCounts: boolean;
  /** Dates after `countsFrom` with no count (a collector that was down); never the last day. */
  missingDates: string[];
}

/** (forwards + replies + reactions) / views, unknown forwards counted as 0; 0 when views is 0. */
export function engagementRate(post: Pick<PostRecord, 'views' | 'forwards' | 'replies' | 'reactions'>): number {
  if (post.views === 0) return 0;
  return ((post.forwards ?? 0) + post.replies + post.reactions) / post.views;
}

/** Simulates `channels` channels over `days` days ending at `endDate`; pure and deterministic. */
export function simulateChannels(options: SimulationOptions): ChannelRecord[] {
  const { root, idPrefix, firstDayMs } = checkOptions(options);
  const out: ChannelRecord[] = [];
  for (let n = 1; n <= options.channels; n++) {
    out.push(simulateChannel(root.fork(`channel-${n}`), `${idPrefix}-${n}`, firstDayMs, options.days));
  }
  return out;
}

/** The regimes of the channels `simulateChannels(options)` returns, in the same order; cheap (no posts). */
export function channelProfiles(options: SimulationOptions): ChannelProfile[] {
  const { root, idPrefix, firstDayMs } = checkOptions(options);
  const out: ChannelProfile[] = [];
  for (let n = 1; n <= options.channels; n++) {
    const channel = root.fork(`channel-${n}`);
    const params = drawParams(channel.fork('params'));
    out.push({
      id: `${idPrefix}-${n}`,
      topic: params.topic.name,
      personal: params.personal,
      language: drawTextStyle(channel.fork('text-style'), params.topic).language,
      forwardHeavyNews: params.forwardHeavyNews,
      forwardsUnknown: params.forwardsUnknown,
      commentsOff: params.commentsOff,
      albumShare: params.albumShare,
      baseRate: params.rate,
      growth: growthProfile(drawGrowthRegimes(channel.fork('growth-regimes'), options.days), firstDayMs),
    });
  }
  return out;
}

function growthProfile(regimes: GrowthRegimes, firstDayMs: number): GrowthProfile {
  const date = (day: number) => isoDay(firstDayMs + day * DAY_MS);
  return {
    bursts: regimes.bursts.map((b) => ({ kind: b.kind, date: date(b.day), size: b.size, decayDays: b.decayDays })),
    plateau: regimes.plateau && { from: date(regimes.plateau.from), to: date(regimes.plateau.to) },
    decline: regimes.decline && { from: date(regimes.decline.from), lossPerDay: regimes.decline.lossPerDay },
    seasonality: regimes.seasonality,
    seasonalityAmplitude: regimes.seasonalityAmplitude,
    countsFrom: date(regimes.countsFrom),
    lateCounts: regimes.countsFrom > 0,
    missingDates: regimes.missingDays.map(date),
  };
}

function checkOptions(options: SimulationOptions): { root: Random; idPrefix: string; firstDayMs: number } {
  const { seed, channels, days } = options;
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  if (!Number.isSafeInteger(channels) || channels < 0) {
    throw new RangeError(`channels must be a non-negative integer, got ${channels}`);
  }
  if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  const endDayMs = parseDay(options.endDate ?? '2024-12-31');
  return { root: new Random(seed), idPrefix: options.idPrefix ?? 'sim', firstDayMs: endDayMs - (days - 1) * DAY_MS };
}

// ---------------------------------------------------------------------------------------------
// Regimes and drift; the header quotes these numbers.

const P_PERSONAL = 0.12;
/** Of news channels. */
const P_FORWARD_HEAVY_NEWS = 0.5;
/** Of channels that are neither personal nor forward-heavy news. */
const P_FORWARDS_UNKNOWN = 0.22;
const P_FORWARDS_UNKNOWN_PERSONAL = 0.6;
/** Of channels other than forward-heavy news (which never have comments). */
const P_COMMENTS_OFF = 0.23;
/** Of tech, crypto, sport and ordinary news channels: they post some albums. */
const P_SOME_ALBUMS = 0.3;

/** Between the last post of one posting event and the next event. */
const MIN_EVENT_GAP_SECONDS = 60;

const MIN_RATE = 0.001;
const MAX_RATE = 0.16;
/** Mean reversion of the daily log-rate walk: a time scale of about four months. */
const DRIFT_REVERSION = 1 / 120;
const STEP_CHANCE = 1 / 200;
const STEP_SD = 0.45;
const FREQUENCY_CHANGE_CHANCE = 1 / 100;
const FREQUENCY_CHANGE_SD = 0.5;

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

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// One channel.

interface ChannelParams {
  topic: Topic;
  personal: boolean;
  forwardHeavyNews: boolean;
  forwardsUnknown: boolean;
  commentsOff: boolean;
  title: string;
  initialSubscribers: number;
  reach: number;
  rate: number;
  shares: { reactions: number; forwards: number; replies: number };
  postsPerDay: number;
  preferredHours: number[];
  mediaShare: number;
  albumShare: number;
  captionShare: number;
  albumItemFactor: number;
  boostShare: number;
  adShare: number;
  questionShare: number;
  mediaLift: number;
  /** Daily sd of the log-rate walk. */
  walkSd: number;
}

function drawParams(rng: Random): ChannelParams {
  const personal = rng.bernoulli(P_PERSONAL);
  const topic = personal ? PERSONAL_TOPIC : rng.pick(TOPICS);
  const forwardHeavyNews = topic.name === 'news' && rng.bernoulli(P_FORWARD_HEAVY_NEWS);
  const forwardsUnknown =
    !forwardHeavyNews && rng.bernoulli(personal ? P_FORWARDS_UNKNOWN_PERSONAL : P_FORWARDS_UNKNOWN);
  const commentsOff = forwardHeavyNews || rng.bernoulli(P_COMMENTS_OFF);
  const title = `${rng.pick(topic.titleWords)}${rng.pick(TITLE_SUFFIXES)}`;
  const initialSubscribers = personal
    ? clamp(rng.logNormal(Math.log(600), 0.5), 300, 20_000)
    : clamp(rng.logNormal(Math.log(8000), 1.4), 500, 500_000);
  const postsPerDay = personal ? logUniform(rng, 0.15, 1) : logUniform(rng, 0.5, 8);
  const reach = clamp(
    0.35 * (initialSubscribers / 10_000) ** -0.12 * (postsPerDay / 2) ** -0.15 * rng.logNormal(0, 0.3),
    0.05,
    0.9,
  );
  const rate = personal
    ? clamp(rng.logNormal(Math.log(0.045), 0.35), MIN_RATE, MAX_RATE)
    : clamp(rng.logNormal(Math.log(0.025), 0.95), MIN_RATE, MAX_RATE);

  let shares: ChannelParams['shares'];
  if (forwardHeavyNews) {
    const forwards = rng.uniform(0.3, 0.45);
    shares = { reactions: 1 - forwards, forwards, replies: 0 };
  } else {
    const rawReactions = 0.7 * rng.logNormal(0, 0.35);
    const rawForwards = 0.18 * rng.logNormal(0, 0.35);
    const rawReplies = commentsOff ? 0 : 0.12 * rng.logNormal(0, 0.35);
    const sum = rawReactions + rawForwards + rawReplies;
    shares = { reactions: rawReactions / sum, forwards: rawForwards / sum, replies: rawReplies / sum };
  }

  let mediaShare: number;
  let albumShare: number;
  if (forwardHeavyNews) {
    mediaShare = 0;
    albumShare = 0;
  } else if (personal) {
    mediaShare = rng.uniform(0.8, 0.97);
    albumShare = rng.uniform(0.6, 0.9);
  } else {
    mediaShare = rng.uniform(0.2, 0.9);
    if (topic.name === 'lifestyle') albumShare = rng.uniform(0.1, 0.4);
    else albumShare = rng.bernoulli(P_SOME_ALBUMS) ? rng.uniform(0.02, 0.15) : 0;
  }

  const hourCount = rng.int(1, 3);
  const preferredHours = Array.from({ length: hourCount }, () => rng.int(8, 22));
  return {
    topic,
    personal,
    forwardHeavyNews,
    forwardsUnknown,
    commentsOff,
    title,
    initialSubscribers,
    reach,
    rate,
    shares,
    postsPerDay,
    preferredHours,
    mediaShare,
    albumShare,
    captionShare: personal ? 0.85 : 0.6,
    albumItemFactor: logUniform(rng, 0.003, 0.05),
    boostShare: rng.uniform(0.03, 0.12),
    adShare: rng.uniform(0, 0.12),
    questionShare: rng.uniform(0.05, 0.25),
    mediaLift: 1.35 * rng.logNormal(0, 0.08),
    walkSd: logUniform(rng, 0.01, 0.035),
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

/** The channel's engagement rate and posting-frequency multiplier for each day (see "Drift" in the header). */
function drawDrift(rng: Random, params: ChannelParams, days: number): { rate: Float64Array; frequency: Float64Array } {
  const rate = new Float64Array(days);
  const frequency = new Float64Array(days);
  let walk = 0;
  let steps = 0;
  let multiplier = 1;
  for (let d = 0; d < days; d++) {
    if (d > 0) {
      walk = walk * (1 - DRIFT_REVERSION) + rng.normal(0, params.walkSd);
      if (rng.bernoulli(STEP_CHANCE)) steps += rng.normal(0, STEP_SD);
      if (rng.bernoulli(FREQUENCY_CHANGE_CHANCE)) {
        multiplier = clamp(multiplier * rng.logNormal(0, FREQUENCY_CHANGE_SD), 0.25, 4);
      }
    }
    rate[d] = clamp(params.rate * Math.exp(walk + steps), MIN_RATE, MAX_RATE);
    frequency[d] = multiplier;
  }
  return { rate, frequency };
}

function simulateChannel(rng: Random, id: string, firstDayMs: number, days: number): ChannelRecord {
  const params = drawParams(rng.fork('params'));
  const growth = drawGrowthRates(rng.fork('growth'), days);
  const drift = drawDrift(rng.fork('drift'), params, days);
  const postRng = rng.fork('posts');
  // Texts and the counts they scale draw from streams of their own: however texts change, the
  // views and times of every post stay the same draws.
  const textRng = rng.fork('text');
  const countRng = rng.fork('counts');
  const subRng = rng.fork('subscribers');
  const styleRng = rng.fork('text-style');
  const style = drawTextStyle(styleRng, params.topic);
  const title = titleFor(styleRng, params.topic, style, params.title);
  const writeText = () => composeText(textRng, params.topic, style, params);

  const posts: PostRecord[] = [];
  const subscriberCounts: SubscriberCountRecord[] = [];
  const pendingJoins = new Float64Array(days + 2);
  // Views read the audience (`subscribers`); `subscriberCounts` records the count (see "Growth regimes").
  let subscribers = params.initialSubscribers;
  const regimes = drawGrowthRegimes(rng.fork('growth-regimes'), days);
  const counted = new CountedSubscribers(regimes, params.initialSubscribers, days);
  let missingIndex = 0;
  let nextMissing = regimes.missingDays[0] ?? -1;
  let messageId = postRng.int(1, 5000);

  for (let d = 0; d < days; d++) {
    const dayMs = firstDayMs + d * DAY_MS;
    const weekday = new Date(dayMs).getUTCDay();

    const count = postRng.poisson(params.postsPerDay * drift.frequency[d]! * POSTING_WEEKDAY[weekday]!);
    const seconds: number[] = [];
    for (let i = 0; i < count; i++) seconds.push(postingSecond(postRng, params.preferredHours));
    seconds.sort((a, b) => a - b);

    // Separate posting events are at least a minute apart (as an admin posts), so only an
    // album's items are ever seconds apart.
    let earliest = 0;
    for (const drawn of seconds) {
      const start = Math.max(drawn, earliest);
      // Sorted, so every later event would not fit before midnight either (an album needs up to 9 s).
      if (start > 86_390) break;
      const hour = Math.floor(start / 3600);
      const hasMedia = postRng.bernoulli(params.mediaShare);
      const items = hasMedia && postRng.bernoulli(params.albumShare) ? postRng.int(2, 10) : 1;
      const texts: string[] = [];
      // The album's carrier: the item its caption and its reactions are on. Exports list an
      // album's items in no fixed order, so a captioned carrier is anywhere in it half the time.
      let carrier = 0;
      if (items === 1) texts.push(hasMedia && postRng.bernoulli(0.35) ? '' : writeText());
      else {
        const caption = postRng.bernoulli(params.captionShare) ? writeText() : '';
        if (caption !== '' && postRng.bernoulli(0.5)) carrier = postRng.int(0, items - 1);
        for (let i = 0; i < items; i++) texts.push(i === carrier ? caption : '');
      }
      const lead = textEffect(texts[carrier]!);

      let views =
        subscribers *
        params.reach *
        VIEW_HOUR[hour]! *
        VIEW_WEEKDAY[weekday]! *
        (hasMedia ? 1.05 : 1) *
        postRng.logNormal(-(0.45 ** 2) / 2, 0.45);
      const viral = postRng.bernoulli(lead.boosted ? 0.04 : 0.02);
      if (viral) {
        const baseline = views;
        views *= Math.exp(postRng.uniform(Math.log(3), Math.log(20)));
        // New subscribers from the outside audience arrive over the next two days.
        const joins = (views - baseline) * postRng.uniform(0.001, 0.005);
        pendingJoins[d + 1]! += 0.6 * joins;
        pendingJoins[d + 2]! += 0.4 * joins;
      }
      const eventRate =
        drift.rate[d]! *
        ENGAGEMENT_HOUR[hour]! *
        ENGAGEMENT_WEEKDAY[weekday]! *
        (hasMedia ? params.mediaLift : 1) *
        postRng.logNormal(-(0.3 ** 2) / 2, 0.3);
      const viralForwards = viral ? postRng.uniform(2, 5) : 1;

      let second = start;
      for (let i = 0; i < items; i++) {
        if (i > 0) second += postRng.bernoulli(0.7) ? 0 : 1;
        const text = texts[i]!;
        const effect = i === carrier ? lead : EMPTY_TEXT_EFFECT;
        const viewCount = Math.max(0, Math.round(items === 1 ? views : views * postRng.logNormal(0, 0.02)));
        // Reactions to an album land on its carrier; the other photos get a trickle (mostly none).
        const itemRate = Math.min(0.5, eventRate * effect.rate * (i !== carrier ? params.albumItemFactor : 1));
        const expected = viewCount * itemRate;
        const reactions = Math.min(viewCount, countRng.poisson(expected * params.shares.reactions * effect.reactions));
        const forwards = params.forwardsUnknown
          ? null
          : Math.min(viewCount, countRng.poisson(expected * params.shares.forwards * effect.forwards * viralForwards));
        const replies = Math.min(viewCount, countRng.poisson(expected * params.shares.replies * effect.replies));

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
        messageId += 1;
      }
      earliest = second + MIN_EVENT_GAP_SECONDS;
      // Deleted posts and service messages leave holes in Telegram's id sequence (never inside an album).
      if (postRng.bernoulli(0.04)) messageId += postRng.int(1, 4);
    }

    const noiseSd = dayNoiseSd(subscribers);
    const noise = subRng.normal(0, noiseSd);
    subscribers += subscribers * (growth[d]! + WEEKLY_GROWTH[weekday]!) + noise + pendingJoins[d]!;
    subscribers = Math.max(MIN_SUBSCRIBERS, subscribers);
    const counts = counted.step(d, weekday, growth[d]!, noise / noiseSd, pendingJoins[d]!);
    if (d === nextMissing) nextMissing = regimes.missingDays[++missingIndex] ?? -1;
    else if (d >= regimes.countsFrom) subscriberCounts.push({ date: isoDay(dayMs), count: Math.round(counts) });
  }

  return { id, title, posts, subscriberCounts };
}

/** Second of the UTC day: mostly near a preferred hour, sometimes any hour. */
function postingSecond(rng: Random, preferredHours: readonly number[]): number {
  const base = rng.bernoulli(0.75) ? rng.normal(rng.pick(preferredHours) + 0.5, 1.5) : rng.uniform(0, 24);
  const hours = ((base % 24) + 24) % 24;
  return Math.min(86_399, Math.floor(hours * 3600));
}

function logUniform(rng: Random, lo: number, hi: number): number {
  return Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

function isoDay(dayMs: number): string {
  return new Date(dayMs).toISOString().slice(0, 10);
}

function parseDay(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`endDate must be a real YYYY-MM-DD date, got ${JSON.stringify(date)}`);
  }
  return ms;
}
