import { loadEvery } from '@telepulse/platform/loaders';
import type { PatternDeps } from '../domain/content-patterns.js';
import type { FeatureDeps } from '../domain/content-features.js';
import type { ViralDeps } from '../domain/viral-potential.js';
import type { Context } from '../context.js';

/** The pattern analysis' dependencies, from a request context: both models through the request's loaders. */
export function patternDeps(context: Context): PatternDeps {
  return {
    reader: context.reader,
    judge: context.judge,
    read: (texts) => loadEvery(context.loaders.reading, texts),
    score: (texts) => loadEvery(context.loaders.call, texts),
    features: context.features.of,
    featureNames: context.features.names,
    analyses: context.analyses,
  };
}

export function featureDeps(context: Context): FeatureDeps {
  return { reader: context.reader, read: (text) => context.loaders.reading.load(text), features: context.features.of };
}

export function viralDeps(context: Context): ViralDeps {
  return {
    judge: context.judge,
    score: (text) => context.loaders.call.load(text),
    recordDetections: (records) => loadEvery(context.loaders.recorder, records),
    now: context.now,
  };
}
