import { z } from 'zod';
import type { DriftAlert } from '../domain/drift-alert.js';
import { SEVERITIES } from '../domain/severity.js';

/**
 * A drift alert as it travels through the broker: JSON, so its one Date (`detectedAt`) becomes
 * an ISO string on the way out and a Date again on the way in. A message that does not have the
 * shape is refused with a message naming the field, never handed to subscribers half-read:
 * anything that can reach the broker's channel can put bytes there.
 */

/** What the broker carries for one alert (the pub/sub library JSON-encodes it). */
export type AlertMessage = Omit<DriftAlert, 'detectedAt'> & { detectedAt: string };

const featureDrift = z.object({
  name: z.string(),
  psi: z.number(),
  ksStatistic: z.number(),
  ksCritical: z.number(),
  count: z.number(),
  drifted: z.boolean(),
  high: z.boolean(),
});

const alertMessage = z.object({
  id: z.string().min(1),
  modelId: z.string().min(1),
  modelVersion: z.string().nullable(),
  kind: z.enum(['PERFORMANCE', 'DATA']),
  severity: z.enum(SEVERITIES),
  reason: z.string(),
  detectors: z.array(z.string()),
  detectedAt: z.iso.datetime(),
  meanErrorBefore: z.number().nullable(),
  meanErrorAfter: z.number().nullable(),
  driftedShare: z.number().nullable(),
  features: z.array(featureDrift).nullable(),
});

/** A broker message that is not a drift alert. */
export class MalformedAlertMessageError extends Error {
  constructor(readonly issues: string) {
    super(`a message on the drift alert channel is not a drift alert: ${issues}`);
    this.name = 'MalformedAlertMessageError';
  }
}

/** The message for `alert`: every field as it is, `detectedAt` as an ISO-8601 string. */
export function toAlertMessage(alert: DriftAlert): AlertMessage {
  return { ...alert, detectedAt: alert.detectedAt.toISOString() };
}

/** The alert a message carries (`detectedAt` a Date again); throws MalformedAlertMessageError naming what is wrong. */
export function fromAlertMessage(message: unknown): DriftAlert {
  const parsed = alertMessage.safeParse(message);
  if (!parsed.success) {
    throw new MalformedAlertMessageError(parsed.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; '));
  }
  return { ...parsed.data, detectedAt: new Date(parsed.data.detectedAt) };
}
