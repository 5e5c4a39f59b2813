import { NotFoundError, PreconditionError } from '@telepulse/platform';
import type { CandidatePost, HistoryPost } from '@telepulse/models/engagement/features';
import type { EngagementEstimate } from '@telepulse/models/engagement/pipeline';
import { assertEngagementFeatures } from './feature-checks.js';
import { typicalNextPost } from './typical-post.js';
import type { EngagementPredictionRecord } from './prediction.js';

/** The engagement model as the domain needs it (EngagementPipeline implements it). */
export interface EngagementPredictor {
  readonly name: string;
  readonly version: string;
  predict(history: readonly HistoryPost[], candidate: CandidatePost): Promise<EngagementEstimate>;
}

export interface PredictionRequest {
  channelId: string;
  candidate: CandidatePost;
  /** Where the candidate sits in the caller's input, for error messages (e.g. `requests[2].features`). */
  path: string;
}

export interface PredictDeps {
  predictor: EngagementPredictor;
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
  const { predictor } = deps;
  const estimate = await predictor.predict(history, candidate);
  return {
    id: deps.newId(),
    channelId,
    predictedEngagement: estimate.rate,
    confidence: estimate.confidence,
    baseline: estimate.baseline,
    historyLength: estimate.historyUsed,
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
    modelName: predictor.name,
    modelVersion: predictor.version,
    input: Array.from(estimate.input),
    inputShape: estimate.inputShape,
    createdAt: deps.now(),
  };
}
