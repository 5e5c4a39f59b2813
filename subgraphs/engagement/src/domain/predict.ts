import { NotFoundError, PreconditionError } from '@telepulse/platform';
import { buildEngagementInput, latestOldestFirst, type CandidatePost, type HistoryPost } from '@telepulse/models/engagement/features';
import { engagementRate } from '@telepulse/dataset';
import { median } from '@telepulse/models/engagement/confidence';
import { assertEngagementFeatures } from './feature-checks.js';
import { typicalNextPost } from './typical-post.js';
import type { EngagementPredictionRecord } from './prediction.js';

/** The model as the domain needs it (EngagementModel implements it). */
export interface EngagementRunner {
  readonly name: string;
  readonly version: string;
  readonly window: number;
  predict(input: Float32Array): Promise<number>;
  confidence(inputs: { historyRates: readonly number[]; hasEarlyCounts: boolean; prediction: number }): number;
}

export interface PredictionRequest {
  channelId: string;
  candidate: CandidatePost;
  /** Where the candidate sits in the caller's input, for error messages (e.g. `requests[2].features`). */
  path: string;
}

export interface PredictDeps {
  model: EngagementRunner;
  /** The channel's recent posts; null when the channel does not exist. */
  loadHistory: (channelId: string) => Promise<readonly HistoryPost[] | null>;
  now: () => Date;
  newId: () => string;
}

/**
 * Predicts a batch of requests: checks every candidate first (nothing runs if any is invalid),
 * loads the histories (batched by the caller's loader), then runs all at once so the model's
 * batcher coalesces them into as few runs as possible. Returns unsaved records, in order.
 */
export async function predictEngagement(deps: PredictDeps, requests: readonly PredictionRequest[]): Promise<EngagementPredictionRecord[]> {
  for (const { candidate, path } of requests) assertEngagementFeatures(candidate, path);
  const histories = await Promise.all(requests.map((r) => deps.loadHistory(r.channelId)));
  return Promise.all(requests.map((request, i) => predictFromHistory(deps, request.channelId, histories[i] ?? null, request.candidate)));
}

/**
 * One prediction from a history already at hand (a federation representation carries it).
 * Without a candidate, predicts the channel's typical next post.
 */
export async function predictFromHistory(
  deps: Omit<PredictDeps, 'loadHistory'>,
  channelId: string,
  history: readonly HistoryPost[] | null,
  candidate: CandidatePost | null,
): Promise<EngagementPredictionRecord> {
  if (history === null) throw new NotFoundError('Channel', channelId);
  if (history.length === 0) throw new PreconditionError(`channel "${channelId}" has no posts yet: ingest some before predicting`, { channelId });
  return predictOne(deps, channelId, history, candidate ?? typicalNextPost(history, deps.now()));
}

async function predictOne(deps: Omit<PredictDeps, 'loadHistory'>, channelId: string, history: readonly HistoryPost[], candidate: CandidatePost): Promise<EngagementPredictionRecord> {
  const { model } = deps;
  const used = latestOldestFirst(history, model.window);
  const input = buildEngagementInput(used, candidate, model.window);
  const prediction = await model.predict(input);
  const historyRates = used.map(engagementRate);
  const hasEarlyCounts = candidate.views !== undefined && candidate.views !== null;
  return {
    id: deps.newId(),
    channelId,
    predictedEngagement: prediction,
    confidence: model.confidence({ historyRates, hasEarlyCounts, prediction }),
    baseline: median(historyRates),
    historyLength: used.length,
    features: {
      hourOfDay: candidate.hourOfDay,
      dayOfWeek: candidate.dayOfWeek,
      contentLength: candidate.contentLength,
      hasMedia: candidate.hasMedia,
      views: candidate.views ?? null,
      forwards: candidate.forwards ?? null,
      replies: candidate.replies ?? null,
      reactions: candidate.reactions ?? null,
    },
    modelName: model.name,
    modelVersion: model.version,
    input: Array.from(input),
    inputShape: [model.window + 1, input.length / (model.window + 1)],
    createdAt: deps.now(),
  };
}
