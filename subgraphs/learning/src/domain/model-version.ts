/**
 * A model version as the API shows it: what the registry stores about it, whether it is the
 * active one, and its lineage. Plain data; no GraphQL, no MongoDB.
 */
import type { Lineage } from './lineage.js';

/** The Model entity's key: a catalog model's id. */
export interface ModelRef {
  id: string;
}

export interface ModelVersionView {
  modelId: string;
  version: string;
  origin: string;
  registeredAt: Date;
  active: boolean;
  /** When it became the active version; null when it is not active. */
  activatedAt: Date | null;
  lineage: Lineage | null;
}

/** Newest first: by registration time, then by version id (two registered in one millisecond). */
export function newestFirst(a: ModelVersionView, b: ModelVersionView): number {
  return b.registeredAt.getTime() - a.registeredAt.getTime() || (a.version < b.version ? 1 : a.version > b.version ? -1 : 0);
}
