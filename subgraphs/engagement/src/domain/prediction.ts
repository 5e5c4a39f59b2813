import type { CandidatePost } from '@telepulse/models/engagement/features';

/** A served prediction, as stored: enough to join the observed outcome to it and replay the model. */
export interface EngagementPredictionRecord {
  id: string;
  channelId: string;
  predictedEngagement: number;
  confidence: number;
  baseline: number;
  historyLength: number;
  features: Required<{ [K in keyof CandidatePost]: Exclude<CandidatePost[K], undefined> }>;
  modelName: string;
  modelVersion: string;
  /**
   * The exact model input, row-major, and its shape: float32 as the model read it (a served
   * prediction; a stored one as float32 bytes), numbers for a document stored otherwise.
   */
  input: Float32Array | number[];
  inputShape: [number, number];
  createdAt: Date;
}
