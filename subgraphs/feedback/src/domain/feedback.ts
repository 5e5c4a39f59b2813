/**
 * Feedback as stored: the observed outcome of one served prediction, paired with the values the
 * prediction stated, so its error and every aggregate metric are computed from the record alone
 * (the prediction is never read again). Plain data.
 */
import type { OutcomeKind } from '@telepulse/models/catalog/model-catalog';

/**
 * One predicted value against what was observed: the rate, the probability against 1 or 0 (viral
 * or not), or a forecast day's count (with its intervals).
 */
export interface ObservedPair {
  /** `YYYY-MM-DD` for a forecast day; null otherwise. */
  date: string | null;
  predicted: number;
  observed: number;
  lower80: number | null;
  upper80: number | null;
  lower95: number | null;
  upper95: number | null;
}

export type FeedbackSource = 'CLIENT' | 'INGEST';

/** What identifies an outcome: the fields of FeedbackInput of the prediction's kind, normalised. */
export type ObservedOutcome =
  | { kind: 'ENGAGEMENT_RATE'; engagementRate: number }
  | { kind: 'SUBSCRIBER_COUNT'; subscriberCounts: { date: string; count: number }[] }
  | { kind: 'VIRAL'; viral: boolean };

export interface FeedbackRecord {
  /** feedbackId(predictionId, observed): the same outcome again is the same record. */
  id: string;
  predictionId: string;
  modelId: string;
  modelVersion: string;
  outcome: OutcomeKind;
  channelId: string;
  observed: ObservedOutcome;
  /** What the error and the metrics read: one pair per point judged. */
  pairs: ObservedPair[];
  /** SUBSCRIBER_COUNT: MASE's scale (subscribers per day, at least MASE_SCALE_FLOOR); null otherwise. */
  scale: number | null;
  /** The item's error (item-error.ts). */
  error: number;
  rating: number | null;
  comment: string | null;
  source: FeedbackSource;
  receivedAt: Date;
  /** The model's arrival order: unique per model, assigned under the model's write lock (feedback-store.ts). */
  seq: number;
  /** The processing batch that claimed it; null until one does. */
  processedBy: string | null;
}

/** A record before it is stored: the store assigns `seq` and `processedBy`. */
export type NewFeedback = Omit<FeedbackRecord, 'seq' | 'processedBy'>;
