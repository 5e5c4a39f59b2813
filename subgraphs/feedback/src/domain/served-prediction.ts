/**
 * A served prediction as feedback reads it through the gateway (the `ServedPrediction` the
 * predicting subgraphs share), dates as they crossed the wire. Plain data.
 */
import type { OutcomeKind } from '@telepulse/models/catalog/model-catalog';

export interface ServedPointView {
  /** `YYYY-MM-DD` for a forecast day; null otherwise. */
  date: string | null;
  value: number;
  lower80: number | null;
  upper80: number | null;
  lower95: number | null;
  upper95: number | null;
}

export interface ServedPredictionView {
  id: string;
  modelId: string;
  modelVersion: string;
  outcome: OutcomeKind;
  channelId: string;
  postId: string | null;
  postedAt: Date | null;
  createdAt: Date;
  points: ServedPointView[];
  features: { name: string; value: number }[];
}

/**
 * The growth feature carrying MASE's scale: the in-sample weekly seasonal-naive MAE of the counts
 * the forecast read (`seasonalNaiveMae(filled, 7)`, what `pnpm eval` divides by).
 */
export const MASE_SCALE_FEATURE = 'naiveMae7';
