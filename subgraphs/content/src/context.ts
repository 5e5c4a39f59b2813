import type { RequestScope } from '@telepulse/platform/request-scope';
import type { ReadLimit } from './domain/content-checks.js';
import type { ContentReader, ViralJudge } from './domain/content-models.js';
import type { ContentFeatures } from '@telepulse/models/content/text-features';
import type { ServingStatsSource } from '@telepulse/models/runtime/serving-stats';
import type { AnalysisCache } from './domain/content-patterns.js';
import type { PatternLimits } from './domain/pattern-input.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { DetectionStore } from './store/detection-store.js';
import type { ReferenceStatisticsView } from '@telepulse/models/catalog/serving-reference';

/** The hand-made features: how a text's are computed, and their names in order. */
export interface HandFeatures {
  of: (text: string) => ContentFeatures;
  names: readonly string[];
}

/** Everything a resolver may use, as interfaces a test can hand in. */
export interface Context {
  /** The content CNN. */
  reader: ContentReader;
  /** The viral model. */
  judge: ViralJudge;
  features: HandFeatures;
  store: DetectionStore;
  /** The viral model in service's reference statistics (data drift). */
  viralReference: () => Promise<ReferenceStatisticsView>;
  loaders: Loaders;
  now: () => Date;
  /** The most texts, and characters in all, one analyzeContentPatterns takes. */
  patternLimits: PatternLimits;
  /** Finished analyses, shared by requests (see contentPatterns). */
  analyses: AnalysisCache;
  /** How much of a text each model reads (validateContent's TRUNCATED warning). */
  readLimits: readonly ReadLimit[];
  /** Each model's serving counters (the pipelines behind `reader` and `judge`). */
  serving: ContentServing;
}

export interface ContentServing {
  cnn: ServingStatsSource;
  viral: ServingStatsSource;
}

export interface ContentServices {
  reader: ContentReader;
  judge: ViralJudge;
  features: HandFeatures;
  store: DetectionStore;
  viralReference: () => Promise<ReferenceStatisticsView>;
  patternLimits: PatternLimits;
  analyses: AnalysisCache;
  readLimits: readonly ReadLimit[];
  serving: ContentServing;
}

export function createContext(services: ContentServices, scope: RequestScope): Context {
  return { ...services, loaders: createLoaders(services.reader, services.judge, services.store, scope), now: () => new Date() };
}
