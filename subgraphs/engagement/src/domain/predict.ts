import { NotFoundError, PreconditionError, assertMaxItems } from '@telepulse/platform';
import type { CandidatePost, HistoryPost } from '@telepulse/models/engagement/features';
import type { EngagementEstimate } from '@telepulse/models/engagement/pipeline';
import { assertEngagementFeatures } from './feature-checks.js';
import { typicalNextPost } from './typical-post.js';
import { predictionId } from './prediction-id.js';
import type { EngagementPredictionRecord } from './prediction.js';

/** The most predictions one batch may ask for by default (MAX_PREDICTION_BATCH): one model run's worth, many times over. */
export const PREDICTION_BATCH_MAX = 1000;

/** The engagement model as the domain needs it (EngagementPipeline implements it). */
export interface EngagementPredictor {
  readonly name: string;
  readonly version: string;
  predict(history: readonly HistoryPost[], candidate: CandidatePost): Promise<EngagementEstimate>;
}

export interface PredictionRequest {
  channelId: string;
  /** The post to predict; null for the channel's typical next post. */
  candidate: CandidatePost | null;
  /** Where the candidate sits in the caller's input, for error messages (e.g. `requests[2].features`). */
  path: string;
  /** The channel's recent posts when the caller already has them (a federation representation); null: no such channel. */
  history?: readonly HistoryPost[] | null;
}

export interface PredictDeps {
  predictor: EngagementPredictor;
  /** The channel's recent posts; null when the channel does not exist. */
  loadHistory: (channelId: string) => Promise<readonly HistoryPost[] | null>;
  /** Stores served predictions (one write per request) and returns them as stored: a prediction asked before keeps its first record. */
  recordPredictions: (records: readonly EngagementPredictionRecord[]) => Promise<EngagementPredictionRecord[]>;
  now: () => Date;
}

/**
 * The one way predictions are served, whatever the entry point: checks every candidate first
 * (nothing runs, nothing is stored if any is invalid), loads the histories the caller did not
 * bring (batched by the caller's loader), runs all at once so the model's batcher coalesces
 * them, then records them in one step. Returns the stored records, in order.
 */
export async function predictEngagement(deps: PredictDeps, requests: readonly PredictionRequest[]): Promise<EngagementPredictionRecord[]> {
  for (const { candidate, path } of requests) if (candidate) assertEngagementFeatures(candidate, path);
  const histories = await Promise.all(requests.map((r) => (r.history !== undefined ? r.history : deps.loadHistory(r.channelId))));
  const records = await Promise.all(requests.map((request, i) => predictFromHistory(deps, request.channelId, histories[i] ?? null, request.candidate)));
  return deps.recordPredictions(records);
}

/** A client's batch (`requests`): more than `max` fails before anything runs; otherwise as predictEngagement. */
export function predictBatch(deps: PredictDeps, requests: readonly PredictionRequest[], max = PREDICTION_BATCH_MAX): Promise<EngagementPredictionRecord[]> {
  assertMaxItems('requests', requests, max, 'predictions');
  return predictEngagement(deps, requests);
}

/** One unsaved prediction from a history at hand; without a candidate, of the channel's typical next post. */
async function predictFromHistory(
  deps: Pick<PredictDeps, 'predictor' | 'now'>,
  channelId: string,
  history: readonly HistoryPost[] | null,
  candidate: CandidatePost | null,
): Promise<EngagementPredictionRecord> {
  if (history === null) throw new NotFoundError('Channel', channelId);
  if (history.length === 0) throw new PreconditionError(`channel "${channelId}" has no posts yet: ingest some before predicting`, { channelId });
  const post = candidate ?? typicalNextPost(history, deps.now());
  const { predictor } = deps;
  const estimate = await predictor.predict(history, post);
  const identity = {
    channelId,
    features: {
      hourOfDay: post.hourOfDay,
      dayOfWeek: post.dayOfWeek,
      contentLength: post.contentLength,
      hasMedia: post.hasMedia,
      postedAt: post.postedAt ?? null,
      views: post.views ?? null,
      forwards: post.forwards ?? null,
      replies: post.replies ?? null,
      reactions: post.reactions ?? null,
    },
    modelName: predictor.name,
    modelVersion: predictor.version,
    // Kept as the model's Float32Array: off V8's heap, so a served prediction held in the
    // records cache (10,000) costs the collector nothing to copy (BENCHMARKS.md "Write path").
    input: estimate.input,
    inputShape: estimate.inputShape,
  };
  return {
    id: predictionId(identity),
    ...identity,
    predictedEngagement: estimate.rate,
    confidence: estimate.confidence,
    baseline: estimate.baseline,
    historyLength: estimate.historyUsed,
    createdAt: deps.now(),
  };
}
