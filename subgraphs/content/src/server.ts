import { mongoProbe } from '@telepulse/platform/probes';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { loadContentCnnPipeline, type ContentCnnPipeline } from '@telepulse/models/content-cnn/pipeline';
import { loadViralPipeline, type ViralPipeline } from '@telepulse/models/content-viral/pipeline';
import { CONTENT_FEATURE_NAMES, contentFeatures } from '@telepulse/models/content/text-features';
import { tokenizeContent } from '@telepulse/models/content/tokenizer';
import { serveOptions } from '@telepulse/models/runtime/serve-env';
import manifest from '../subgraph.js';
import { createContext, type Context } from './context.js';
import type { ReadLimit } from './domain/content-checks.js';
import { loadEnv } from './env.js';
import { resolvers } from './resolvers/index.js';
import { DetectionStore } from './store/detection-store.js';

export interface ContentRuntime extends SubgraphRuntime<Context> {
  /** The content CNN. */
  reader: ContentCnnPipeline;
  /** The viral model. */
  judge: ViralPipeline;
  store: DetectionStore;
}

/** Builds the content subgraph's runtime: loads both models side by side, then its store and probes; listens nowhere. */
export async function createRuntime({ db, env }: SubgraphDeps): Promise<ContentRuntime> {
  const settings = loadEnv(env);
  const serve = { db, ...serveOptions(settings, manifest.models.length) };
  const [reader, judge] = await loadAll([loadContentCnnPipeline(serve), loadViralPipeline(serve)] as const);
  for (const { model } of [reader, judge]) {
    console.log(`[content] model ${model.name}@${model.version} from the ${model.source} on ${model.provider.name} (${model.provider.reason}), ${model.workers.length} inference threads`);
  }
  const store = new DetectionStore(db);
  const services = {
    reader,
    judge,
    features: { of: contentFeatures, names: CONTENT_FEATURE_NAMES },
    store,
    patternLimits: { maxTexts: settings.MAX_PATTERN_TEXTS, maxChars: settings.MAX_PATTERN_CHARS },
    readLimits: [readLimit(reader.name, reader.maxTokens), readLimit(judge.name, judge.maxTokens)],
    serving: { cnn: reader, viral: judge },
  };
  return {
    resolvers,
    context: (scope) => createContext(services, scope),
    probes: [mongoProbe(db), () => reader.probe(), () => judge.probe()],
    dispose: async () => {
      await Promise.all([reader.dispose(), judge.dispose()]);
    },
    reader,
    judge,
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
