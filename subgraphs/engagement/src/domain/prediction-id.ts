import { createHash } from 'node:crypto';
import type { EngagementPredictionRecord } from './prediction.js';

/** What makes two predictions the same prediction: the model, the channel, the request and the exact input. */
export type PredictionIdentity = Pick<EngagementPredictionRecord, 'modelName' | 'modelVersion' | 'channelId' | 'features' | 'input' | 'inputShape'>;

/**
 * A prediction's id, derived from what it was computed from, so the same question asked twice
 * (a refetch, a gateway retry, the explorer's default query) is the same prediction and is
 * stored once. The input is hashed as the float32 values the model read, not as decimal text.
 * The request's features are hashed too: two requests the model cannot tell apart (lengths past
 * its saturation) are still two predictions with their own stored features.
 */
export function predictionId(identity: PredictionIdentity): string {
  const hash = createHash('sha256');
  const { features: f } = identity;
  hash.update(
    JSON.stringify([
      identity.modelName,
      identity.modelVersion,
      identity.channelId,
      [f.hourOfDay, f.dayOfWeek, f.contentLength, f.hasMedia, f.postedAt?.toISOString() ?? null, f.views, f.forwards, f.replies, f.reactions],
      identity.inputShape,
    ]),
  );
  const input = identity.input instanceof Float32Array ? identity.input : Float32Array.from(identity.input);
  hash.update(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
  // 128 bits: collisions are out of reach, and the id stays short enough to paste.
  return hash.digest('hex').slice(0, 32);
}
