import { NotFoundError, PreconditionError } from '@telepulse/platform';
import { buildEngagementInput, latestOldestFirst, type CandidatePost, type HistoryPost } from '@telepulse/models/engagement/features';
import { engagementRate } from '@telepulse/dataset';
import { median } from '@telepulse/models/engagement/confidence';
import { assertEngagementFeatures } from './feature-checks.js';
import { typicalNextPost } from './typical-post.js';
import { predictionId } from './prediction-id.js';
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
  /** The post to predict; null for the channel's typical next post. */
  candidate: CandidatePost | null;
  /** Where the candidate sits in the caller's input, for error messages (e.g. `requests[2].features`). */
  path: string;
  /** The channel's recent posts when the caller already has them (a federation representation); null: no such channel. */
  history?: readonly HistoryPost[] | null;
}

export interface PredictDeps {
  model: EngagementRunner;
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

/** One unsaved prediction from a history at hand; without a candidate, of the channel's typical next post. */
async function predictFromHistory(
  deps: Pick<PredictDeps, 'model' | 'now'>,
  channelId: string,
  history: readonly HistoryPost[] | null,
  candidate: CandidatePost | null,
): Promise<EngagementPredictionRecord> {
  if (history === null) throw new NotFoundError('Channel', channelId);
  if (history.length === 0) throw new PreconditionError(`channel "${channelId}" has no posts yet: ingest some before predicting`, { channelId });
  return predictOne(deps, channelId, history, candidate ?? typicalNextPost(history, deps.now()));
}

async function predictOne(deps: Pick<PredictDeps, 'model' | 'now'>, channelId: string, history: readonly HistoryPost[], candidate: CandidatePost): Promise<EngagementPredictionRecord> {
  const { model } = deps;
  const used = latestOldestFirst(history, model.window);
  const input = buildEngagementInput(used, candidate, model.window);
  const prediction = await model.predict(input);
  const historyRates = used.map(engagementRate);
  const hasEarlyCounts = candidate.views !== undefined && candidate.views !== null;
  const identity = {
    channelId,
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
    inputShape: [model.window + 1, input.length / (model.window + 1)] as [number, number],
  };
  return {
    id: predictionId(identity),
    ...identity,
    predictedEngagement: prediction,
    confidence: model.confidence({ historyRates, hasEarlyCounts, prediction }),
    baseline: median(historyRates),
    historyLength: used.length,
    createdAt: deps.now(),
  };
}
