import { mongoProbe } from '@telepulse/platform/probes';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { CONTENT_CNN_SERVED, loadContentCnnPipeline, type ContentCnnPipeline } from '@telepulse/models/content-cnn/pipeline';
import { CONTENT_VIRAL_SERVED, loadViralPipeline, type ViralPipeline } from '@telepulse/models/content-viral/pipeline';
import { followLearning } from '@telepulse/models/runtime/follow-learning';
import type { ModelFollower } from '@telepulse/models/runtime/model-follower';
import { PipelineSlot } from '@telepulse/models/runtime/pipeline-slot';
import { CONTENT_FEATURE_NAMES, contentFeatures } from '@telepulse/models/content/text-features';
import { tokenizeContent } from '@telepulse/models/content/tokenizer';
import { EstimateCache } from '@telepulse/models/runtime/estimate-cache';
import { serveOptions } from '@telepulse/models/runtime/serve-env';
import { servingReference } from '@telepulse/models/catalog/serving-reference';
import { CONTENT_VIRAL_ARTIFACT_DIR } from '@telepulse/models/content-viral/artifact';
import manifest from '../subgraph.js';
import { createContext, type Context } from './context.js';
import type { ReadLimit } from './domain/content-checks.js';
import type { ContentPatterns } from './domain/content-patterns.js';
import { loadEnv } from './env.js';
import { resolvers } from './resolvers/index.js';
import { DetectionStore } from './store/detection-store.js';

/** Analyses one process keeps (each a few to tens of KB: its texts' rows, clusters and features; the key is a hash). */
const ANALYSIS_CACHE_SIZE = 256;

export interface ContentRuntime extends SubgraphRuntime<Context> {
  /** The content CNN new requests are served by (it changes when learning activates another version). */
  readonly reader: ContentCnnPipeline;
  /** The viral model new requests are served by. */
  readonly judge: ViralPipeline;
  slots: { reader: PipelineSlot<ContentCnnPipeline>; judge: PipelineSlot<ViralPipeline> };
  follower: ModelFollower;
  store: DetectionStore;
}

/**
 * Builds the content subgraph's runtime: loads both models side by side (each its registry's
 * active version), follows the versions learning activates, then its store and probes; listens
 * nowhere. Each request is served by the pipelines current when it started.
 */
export async function createRuntime({ db, env, subgraphSecret }: SubgraphDeps): Promise<ContentRuntime> {
  const settings = loadEnv(env);
  const serve = serveOptions(settings, manifest.models.length);
  const [firstReader, firstJudge] = await loadAll([loadContentCnnPipeline({ db, ...serve }), loadViralPipeline({ db, ...serve })] as const);
  for (const { model } of [firstReader, firstJudge]) {
    console.log(`[content] model ${model.name}@${model.version} from the ${model.source} on ${model.provider.name} (${model.provider.reason}), ${model.workers.length} inference threads`);
  }
  const slots = { reader: new PipelineSlot(firstReader), judge: new PipelineSlot(firstJudge) };
  const follower = followLearning({ db, subgraphSecret, caller: manifest.name, settings, serve }, [
    { kind: CONTENT_CNN_SERVED, slot: slots.reader },
    { kind: CONTENT_VIRAL_SERVED, slot: slots.judge },
  ]);
  const store = new DetectionStore(db);
  const shared = {
    features: { of: contentFeatures, names: CONTENT_FEATURE_NAMES },
    store,
    patternLimits: { maxTexts: settings.MAX_PATTERN_TEXTS, maxChars: settings.MAX_PATTERN_CHARS },
    analyses: new EstimateCache<ContentPatterns>('analyses:content', ANALYSIS_CACHE_SIZE),
  };
  return {
    resolvers,
    context: (scope) => {
      const reader = slots.reader.forRequest(scope);
      const judge = slots.judge.forRequest(scope);
      return createContext(
        {
          ...shared,
          reader,
          judge,
          viralReference: () => servingReference(judge.metadata, CONTENT_VIRAL_ARTIFACT_DIR),
          readLimits: [readLimit(reader.name, reader.maxTokens), readLimit(judge.name, judge.maxTokens)],
          serving: { cnn: reader, viral: judge },
        },
        scope,
      );
    },
    probes: [mongoProbe(db), () => slots.reader.current.probe(), () => slots.judge.current.probe(), follower.probe],
    dispose: async () => {
      await follower.stop();
      await Promise.all([slots.reader.dispose(), slots.judge.dispose()]);
    },
    get reader() {
      return slots.reader.current;
    },
    get judge() {
      return slots.judge.current;
    },
    slots,
    follower,
    store,
  };
}

/** A model reads a text's first `maxTokens` tokens: the byte tokenizer says whether it cuts the text. */
function readLimit(model: string, maxTokens: number): ReadLimit {
  return { model, truncates: (text) => tokenizeContent(text, maxTokens).truncated };
}

/** Waits for every pipeline; when one fails to load, disposes those that did (their worker threads) and rethrows. */
async function loadAll<T extends readonly Promise<{ dispose(): Promise<void> }>[]>(loading: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(loading);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.dispose() : undefined)));
    throw failed.reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}
