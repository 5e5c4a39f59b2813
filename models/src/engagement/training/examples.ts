import { engagementRate, type Random, type ChannelRecord } from '@telepulse/dataset';
import { asCandidate, historyOf } from '../channel-posts.js';
import { MIN_HISTORY_POSTS, rateToRatio, type CandidatePost, type ChannelLevel, type HistoryPost } from '../features.js';
import { BASELINE_POSTS, prepareEngagementInput } from '../inference.js';

/** One supervised example: a channel's history and a post, and that post's observed rate. */
export interface EngagementExample {
  channelId: string;
  input: Float32Array;
  level: ChannelLevel;
  /** The observed rate, and the same as the network's target: the log ratio to the level. */
  target: number;
  targetRatio: number;
  /** Rates of the last BASELINE_POSTS history posts: what rolling-16 reads. */
  baselineRates: number[];
  /** History posts read, at most historyPosts. */
  historyLength: number;
  hasEarlyCounts: boolean;
}

export interface ExampleOptions {
  /** Past posts before each example's post that form its history. */
  historyPosts: number;
  /** Posts per channel to turn into examples (a seeded sample); Infinity for all. */
  perChannel: number;
  /** Share of examples whose candidate carries early counts, as a post already live would. */
  earlyShare: number;
  /** Share of examples whose candidate's time is given only as hour and weekday (as API callers may). */
  untimedShare: number;
  random: Random;
}

/**
 * Examples from channels: for a sample of posts with at least MIN_HISTORY_POSTS earlier posts,
 * the input is the channel's previous `historyPosts` posts plus the post itself as the candidate;
 * the target is its engagement rate. Early counts, when drawn, are the final counts scaled by one
 * random share (5-50 %), each count with a little noise of its own: what the post showed an hour
 * or so after publishing.
 */
export function buildExamples(channels: readonly ChannelRecord[], options: ExampleOptions): EngagementExample[] {
  const examples: EngagementExample[] = [];
  for (const channel of channels) {
    const random = options.random.fork(channel.id);
    const posts = historyOf(channel);
    const indexes = posts.map((_, i) => i).slice(MIN_HISTORY_POSTS);
    const chosen = Number.isFinite(options.perChannel) ? random.shuffle(indexes).slice(0, options.perChannel).sort((a, b) => a - b) : indexes;
    for (const i of chosen) {
      const post = posts[i]!;
      const history = posts.slice(Math.max(0, i - options.historyPosts), i);
      const early = random.bernoulli(options.earlyShare);
      const candidate: CandidatePost = { ...asCandidate(post, !random.bernoulli(options.untimedShare)), ...(early ? earlyCounts(post, random) : {}) };
      const prepared = prepareEngagementInput(history, candidate, options.historyPosts);
      const target = engagementRate(post);
      examples.push({
        channelId: channel.id,
        input: prepared.input,
        level: prepared.level,
        target,
        targetRatio: rateToRatio(target, prepared.level),
        baselineRates: history.slice(-BASELINE_POSTS).map(engagementRate),
        historyLength: history.length,
        hasEarlyCounts: early,
      });
    }
  }
  return examples;
}

function earlyCounts(post: HistoryPost, random: Random) {
  const share = random.uniform(0.05, 0.5);
  // Early engagement tracks the final rate closely but not exactly: each count drifts a little.
  const scale = (n: number) => Math.min(n, Math.round(n * share * random.logNormal(0, 0.1)));
  return {
    views: Math.round(post.views * share),
    forwards: post.forwards === null ? null : scale(post.forwards),
    replies: scale(post.replies),
    reactions: scale(post.reactions),
  };
}
