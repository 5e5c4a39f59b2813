import { createHash } from 'node:crypto';
import type { ObservedOutcome } from './feedback.js';

/**
 * A feedback item's id, derived from the prediction and the observed outcome (normalised: counts
 * in date order), so the same outcome submitted again (a retry, a double click, the ingest poller
 * seeing the post twice) is the same item, stored once. The rating and comment are not part of
 * it: they do not change what is judged. 128 bits, as the predictions' ids.
 */
export function feedbackId(predictionId: string, observed: ObservedOutcome): string {
  return createHash('sha256').update(JSON.stringify([predictionId, observed])).digest('hex').slice(0, 32);
}
