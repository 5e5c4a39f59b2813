import { createHash } from 'node:crypto';
import type { FeatureDrift } from './data-drift.js';
import type { Severity } from './severity.js';

/** A drift alert as stored and published. */
export type DriftKind = 'PERFORMANCE' | 'DATA';

export interface DriftAlert {
  id: string;
  modelId: string;
  modelVersion: string | null;
  kind: DriftKind;
  severity: Severity;
  reason: string;
  detectors: string[];
  detectedAt: Date;
  meanErrorBefore: number | null;
  meanErrorAfter: number | null;
  driftedShare: number | null;
  features: FeatureDrift[] | null;
}

/** A Model entity reference. */
export interface ModelRef {
  id: string;
}

/**
 * An alert's id from what raised it, so a detection retried (after a crash, a lost answer, two
 * runs racing) derives the same id and the store keeps one alert. 128 bits of SHA-256, hex.
 */
export function alertId(parts: readonly (string | number)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
