/**
 * The content CNN at serve time: pre-process (a text → byte token ids, content/tokenizer.ts),
 * run (batched through the model kit), post-process (the relative engagement and the content
 * embedding; see inference.ts). The serve-time entry point: it loads no training code (see
 * models/test/serve-entry.test.ts).
 */
import type { Db } from 'mongodb';
import type { HealthCheck } from '@telepulse/platform/health';
import { CONTENT_BYTE_OFFSET, CONTENT_CLS, CONTENT_PAD, CONTENT_TRUNCATED, CONTENT_VOCAB } from '../content/tokenizer.js';
import type { BatchedOnnxModel, ServeOptions } from '../runtime/batched-onnx-model.js';
import { EstimateCache } from '../runtime/estimate-cache.js';
import { loadServedPipeline, type ServedModelKind } from '../runtime/load-pipeline.js';
import type { ServingStatsSnapshot } from '../runtime/serving-stats.js';
import { exampleDims, ModelContractError } from '../runtime/model-io.js';
import { readContentCnnArtifact } from './artifact.js';
import { finishContentEstimate, prepareContentInput, type ContentCnnEstimate, type ContentCnnOutput, type PreparedContentInput } from './inference.js';
import { CONTENT_CNN_ONNX_EMBEDDING, CONTENT_CNN_ONNX_INPUT, CONTENT_CNN_ONNX_OUTPUT, type ContentCnnModelMetadata } from './metadata.js';

export const CONTENT_CNN_MODEL_NAME = 'content-cnn';

export type { ContentCnnEstimate, PreparedContentInput } from './inference.js';

/** The tokens this code builds: what a model's `tokenizer` metadata must say. */
const TOKENS = { vocab: CONTENT_VOCAB, pad: CONTENT_PAD, cls: CONTENT_CLS, truncated: CONTENT_TRUNCATED, byteOffset: CONTENT_BYTE_OFFSET };

export class ContentCnnPipeline {
  /** Tokens the model reads per text, from its input `[batch, maxTokens]`. */
  readonly maxTokens: number;
  /** Dimensions of the content embedding, from its output `[batch, E]`. */
  readonly embeddingDims: number;
  /** Estimates by text: what this version read stays what it reads (see EstimateCache). */
  private readonly estimates: EstimateCache<ContentCnnEstimate>;

  /** Wraps a loaded model; throws ModelContractError when its io or tokens are not the content CNN's. */
  constructor(readonly model: BatchedOnnxModel<ContentCnnModelMetadata>) {
    this.estimates = new EstimateCache('estimates:content-cnn');
    const { io, tokenizer } = model.metadata;
    const dimsOf = (name: string, side: 'inputs' | 'outputs') => {
      const spec = io[side].find((t) => t.name === name);
      return spec ? exampleDims(spec) : [];
    };
    const [maxTokens, ...inputRest] = dimsOf(CONTENT_CNN_ONNX_INPUT, 'inputs');
    const [dims, ...embeddingRest] = dimsOf(CONTENT_CNN_ONNX_EMBEDDING, 'outputs');
    const fits = io.inputs.length === 1 && io.outputs.length === 2 && inputRest.length === 0 && embeddingRest.length === 0 && dimsOf(CONTENT_CNN_ONNX_OUTPUT, 'outputs').join() === '1';
    if (!fits || !maxTokens || maxTokens < 2 || !dims) {
      throw new ModelContractError(
        `content-cnn model ${model.version}: expected input ${CONTENT_CNN_ONNX_INPUT} [batch, maxTokens], outputs ${CONTENT_CNN_ONNX_OUTPUT} [batch, 1] and ${CONTENT_CNN_ONNX_EMBEDDING} [batch, E], got ${JSON.stringify(io)}`,
      );
    }
    const expected = { ...TOKENS, maxTokens };
    const stated = tokenizer ? { vocab: tokenizer.vocab, pad: tokenizer.pad, cls: tokenizer.cls, truncated: tokenizer.truncated, byteOffset: tokenizer.byteOffset, maxTokens: tokenizer.maxTokens } : undefined;
    if (tokenizer?.kind !== 'bytes' || JSON.stringify(stated) !== JSON.stringify(expected)) {
      throw new ModelContractError(`content-cnn model ${model.version} was trained on tokens ${JSON.stringify(tokenizer)}, this code builds byte tokens ${JSON.stringify(expected)}`);
    }
    this.maxTokens = maxTokens;
    this.embeddingDims = dims;
  }

  get name(): string {
    return this.model.name;
  }

  get version(): string {
    return this.model.version;
  }

  get metadata(): ContentCnnModelMetadata {
    return this.model.metadata;
  }

  /**
   * What the text suggests of its post's engagement relative to its channel, and its embedding;
   * batched with concurrent calls, a text read before answered from the cache (its embedding is
   * shared: callers must not write to it).
   */
  async analyze(text: string): Promise<ContentCnnEstimate> {
    // A non-string is refused (preprocess's TypeError) before it becomes a cache key.
    if (typeof text !== 'string') this.preprocess(text);
    return this.estimates.get(text, async () => {
      const prepared = this.preprocess(text);
      return this.postprocess(prepared, await this.run(prepared.ids));
    });
  }

  /** One estimate per text, in order: all of them in as few model runs as the batcher allows. */
  analyzeMany(texts: readonly string[]): Promise<ContentCnnEstimate[]> {
    return Promise.all(texts.map((text) => this.analyze(text)));
  }

  /** The text as the model reads it: maxTokens byte token ids. */
  preprocess(text: string): PreparedContentInput {
    if (typeof text !== 'string') throw new TypeError(`content-cnn analyzes a string, got ${text === null ? 'null' : typeof text}`);
    return prepareContentInput(text, this.maxTokens);
  }

  /** The network's outputs for one text's ids. */
  async run(ids: Float32Array): Promise<ContentCnnOutput> {
    const outputs = await this.model.run({ [CONTENT_CNN_ONNX_INPUT]: ids });
    return { relative: outputs[CONTENT_CNN_ONNX_OUTPUT]![0]!, embedding: outputs[CONTENT_CNN_ONNX_EMBEDDING]! };
  }

  postprocess(prepared: PreparedContentInput, output: ContentCnnOutput): ContentCnnEstimate {
    return finishContentEstimate(prepared, output);
  }

  /** Its serving path's counters: rows, runs, failures and recent latency since it was loaded (see ServingStats). */
  servingStats(): ServingStatsSnapshot {
    return this.model.servingStats();
  }

  /** The model's health check (`model:content-cnn`). */
  readonly probe = (): Promise<HealthCheck> => this.model.probe();

  dispose(): Promise<void> {
    return this.model.dispose();
  }
}

/** The content-cnn model as the model kit serves it (the model follower loads new versions with it). */
export const CONTENT_CNN_SERVED: ServedModelKind<ContentCnnModelMetadata, ContentCnnPipeline> = { name: CONTENT_CNN_MODEL_NAME, readArtifact: () => readContentCnnArtifact(), wrap: (model) => new ContentCnnPipeline(model) };

/**
 * Loads the content CNN the subgraph serves: the registry's active version in `db` (seeded from
 * the committed artifact when empty; the artifact alone when MongoDB is unreachable), on worker
 * threads behind the batcher.
 */
export function loadContentCnnPipeline(options: { db: Db } & ServeOptions): Promise<ContentCnnPipeline> {
  return loadServedPipeline(options, CONTENT_CNN_SERVED, CONTENT_CNN_SERVED.wrap);
}
