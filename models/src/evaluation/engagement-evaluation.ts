/**
 * Honest evaluation of an engagement model on a set of channels: each channel's later posts
 * (see time-split.ts) are predicted one step ahead, as not yet posted, from every post before
 * them, and judged against the channel-median and rolling-16 baselines made the same way.
 */
import { engagementRate, type ChannelRecord } from '@telepulse/dataset';
import { isHit } from '../engagement/confidence.js';
import type { EngagementCase } from '../engagement/offline-model.js';
import { asCandidate, historyOf } from '../engagement/channel-posts.js';
import { ENGAGEMENT_BASELINES, engagementBaselines, ROLLING_WINDOW } from './baselines.js';
import {
  assembleReport,
  evaluationSettings,
  type ChannelPredictions,
  type EvaluationOptions,
  type EvaluationReport,
  type UnjudgedChannel,
} from './evaluation-report.js';
import { splitChannel } from './time-split.js';

/** A channel needs at least this many posts before the cut to be judged, so every baseline has its full window from the first held-out post. */
export const MIN_EARLY_POSTS = ROLLING_WINDOW;

/** What evaluation needs of an engagement model (OfflineEngagementModel is one). */
export interface EngagementPredictor {
  version: string;
  predictMany(cases: readonly EngagementCase[]): Promise<readonly { rate: number; confidence: number }[]>;
}

/** Evaluates `model` on the held-out part of each channel; runs the model over every held-out post. */
export async function evaluateEngagement(
  channels: readonly ChannelRecord[],
  model: EngagementPredictor,
  options: EvaluationOptions = {},
): Promise<EvaluationReport> {
  const settings = evaluationSettings(options);
  const entries: (ChannelPredictions | UnjudgedChannel)[] = [];
  for (const channel of channels) {
    const { heldOutFrom } = splitChannel(channel, settings);
    const posts = channel.posts.length;
    const heldOut = posts - heldOutFrom;
    const reasons = [
      ...(heldOut < settings.minHeldOut ? [`${heldOut} held-out posts, fewer than ${settings.minHeldOut}`] : []),
      ...(heldOutFrom < MIN_EARLY_POSTS ? [`${heldOutFrom} posts before the cut, fewer than ${MIN_EARLY_POSTS}`] : []),
    ];
    if (reasons.length > 0) {
      entries.push({ channel: channel.id, status: 'too short', reason: reasons.join('; '), posts, heldOut });
      continue;
    }
    const history = historyOf(channel);
    const cases = history.slice(heldOutFrom).map((post, k): EngagementCase => ({ history: history.slice(0, heldOutFrom + k), candidate: asCandidate(post) }));
    const estimates = await model.predictMany(cases);
    const observed = channel.posts.slice(heldOutFrom).map(engagementRate);
    const predicted = estimates.map((e) => e.rate);
    entries.push({
      channel: channel.id,
      posts,
      heldOutFrom,
      predictions: {
        predicted,
        observed,
        confidence: estimates.map((e) => e.confidence),
        hits: observed.map((o, k) => isHit(o, predicted[k]!)),
        baselines: engagementBaselines(channel, heldOutFrom),
      },
    });
  }
  return assembleReport({ model: { name: 'engagement', version: model.version }, unit: 'posts', baselines: [...ENGAGEMENT_BASELINES], settings }, entries);
}
