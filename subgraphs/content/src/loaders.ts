import DataLoader from 'dataloader';
import type { RequestScope } from '@telepulse/platform/request-scope';
import type { ContentReader, ContentReading, ViralCall, ViralExplanationReading, ViralJudge } from './domain/content-models.js';
import type { ViralDetectionRecord } from './domain/viral-detection.js';
import type { DetectionStore } from './store/detection-store.js';

export interface Loaders {
  /** The CNN's reading of each text of the request: every text asked in one tick goes to the model at once (its batcher runs them in batches of up to BATCH_MAX_SIZE), each distinct text once. */
  reading: DataLoader<string, ContentReading>;
  /** The viral model's call on each text, likewise. */
  call: DataLoader<string, ViralCall>;
  /** The viral model's occlusion run (the drivers), likewise. */
  explanation: DataLoader<string, ViralExplanationReading>;
  /** Detections to store: everything one request judges, in one write. */
  recorder: DataLoader<ViralDetectionRecord, ViralDetectionRecord, string>;
}

/** Fresh loaders per request, so nothing cached outlives it; writes stop with the request (`scope.signal`). */
export function createLoaders(reader: ContentReader, judge: ViralJudge, store: DetectionStore, scope: RequestScope): Loaders {
  return {
    reading: new DataLoader((texts) => Promise.all(texts.map((text) => reader.analyze(text)))),
    call: new DataLoader((texts) => Promise.all(texts.map((text) => judge.score(text)))),
    explanation: new DataLoader((texts) => Promise.all(texts.map((text) => judge.explain(text)))),
    recorder: new DataLoader((records) => store.recordDetections(records, scope.signal), { cacheKeyFn: (record) => record.id }),
  };
}
