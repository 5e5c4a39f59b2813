/** How a served prediction is stored: its model input as float bytes (platform's input-bytes-codec.ts). */
import { inputBytesCodec, type InputBytesDoc } from '@telepulse/platform/input-bytes-codec';
import type { EngagementPredictionRecord } from '../domain/prediction.js';

/** `engagement_predictions` as stored. */
export type PredictionDoc = InputBytesDoc<EngagementPredictionRecord>;

export const predictionCodec = inputBytesCodec<EngagementPredictionRecord>('prediction');
