/**
 * The content-viral model at serve time: pre-process (a text → its byte tokens), run (batched
 * through the model kit with every concurrent request), post-process (the calibrated score and
 * the confidence of the call; see inference.ts), and explain (occlusion over words, every variant
 * submitted at once so they share one run; see explanation.ts). The serve-time entry point: it
 * loads no training code.
 */
import type { Db } from 'mongodb';
import type { HealthCheck } from '@telepulse/platform/health';
import type { BatchedOnnxModel, ServeOptions } from '../runtime/batched-onnx-model.js';
import { EstimateCache } from '../runtime/estimate-cache.js';
import { loadServedPipeline, type ServedModelKind } from '../runtime/load-pipeline.js';
import type { ServingStatsSnapshot } from '../runtime/serving-stats.js';
import { exampleDims, ModelContractError } from '../runtime/model-io.js';
import { CONTENT_VOCAB } from '../content/tokenizer.js';
import { readViralArtifact } from './artifact.js';
import { explanationFrom, occlusionsOf, type ViralExplanation } from './explanation.js';
import { finishViralEstimate, prepareViralInput, type PreparedViralInput, type ViralEstimate } from './inference.js';
import { CONTENT_VIRAL_MODEL_NAME, type ViralModelMetadata } from './metadata.js';

export type { ViralEstimate } from './inference.js';
export type { ViralDriver, ViralExplanation } from './explanation.js';

export class ViralPipeline {
  /** Tokens per text the model reads, from the input shape `[batch, maxTokens]`. */
  readonly maxTokens: number;
  private readonly inputName: string;
  private readonly outputName: string;
  /** Scores by text: what this version called stays its call (see EstimateCache). Explanations' word-less variants stay out of it. */
  private readonly estimates: EstimateCache<ViralEstimate>;

  /** Wraps a loaded model; throws ModelContractError when its io or tokenizer is not what this code builds. */
  constructor(readonly model: BatchedOnnxModel<ViralModelMetadata>) {
    this.estimates = new EstimateCache('estimates:content-viral');
    const { io, tokenizer } = model.metadata;
    const [input] = io.inputs;
    const [output] = io.outputs;
    const [tokens, ...rest] = input ? exampleDims(input) : [];
    if (io.inputs.length !== 1 || io.outputs.length !== 1 || !tokens || rest.length > 0 || exampleDims(output!).join() !== '1') {
      throw new ModelContractError(`content-viral model ${model.version}: expected one input [batch, tokens] and one output [batch, 1], got ${JSON.stringify(io)}`);
    }
    if (tokenizer?.kind !== 'utf8-bytes' || tokenizer.vocab !== CONTENT_VOCAB || tokenizer.maxTokens !== tokens || !(tokenizer.tailTokens >= 0 && tokenizer.tailTokens <= tokens - 3)) {
      throw new ModelContractError(
        `content-viral model ${model.version} was trained with tokenizer ${JSON.stringify(tokenizer)}, this code builds utf8-bytes (vocab ${CONTENT_VOCAB}) into ${tokens} tokens, a tail of 0 to ${tokens - 3}`,
      );
    }
    this.maxTokens = tokens;
    this.inputName = input!.name;
    this.outputName = output!.name;
  }

  get name(): string {
    return this.model.name;
  }

  get version(): string {
    return this.model.version;
  }

  get metadata(): ViralModelMetadata {
    return this.model.metadata;
  }

  /** The viral potential of a text; batched with concurrent calls, a text scored before answered from the cache. */
  async score(text: string): Promise<ViralEstimate> {
    return this.estimates.get(text, () => this.estimate(prepareViralInput(text, this.metadata.tokenizer)));
  }

  /** The score and the words that drive it: the text and each of its occlusions submitted together, so they share a run. */
  async explain(text: string): Promise<ViralExplanation> {
    const prepared = prepareViralInput(text, this.metadata.tokenizer);
    const occlusions = occlusionsOf(text, prepared.read);
    const variant = (o: (typeof occlusions)[number]) => this.estimate(prepareViralInput(o.variant, this.metadata.tokenizer));
    const [estimate, ...variants] = await Promise.all([this.score(text), ...occlusions.map(variant)]);
    return explanationFrom(estimate!, occlusions, variants.map((v) => v.score));
  }

  /** Runs one prepared text (batched with concurrent calls) and post-processes its logit. */
  private async estimate(prepared: PreparedViralInput): Promise<ViralEstimate> {
    const logit = (await this.model.run({ [this.inputName]: prepared.input }))[this.outputName]![0]!;
    return finishViralEstimate(this.metadata, prepared, logit);
  }

  /** Its serving path's counters: rows, runs, failures and recent latency since it was loaded (see ServingStats). */
  servingStats(): ServingStatsSnapshot {
    return this.model.servingStats();
  }

  /** The model's health check (`model:content-viral`). */
  readonly probe = (): Promise<HealthCheck> => this.model.probe();

  dispose(): Promise<void> {
    return this.model.dispose();
  }
}

/** The content-viral model as the model kit serves it (the model follower loads new versions with it). */
export const CONTENT_VIRAL_SERVED: ServedModelKind<ViralModelMetadata, ViralPipeline> = { name: CONTENT_VIRAL_MODEL_NAME, readArtifact: () => readViralArtifact(), wrap: (model) => new ViralPipeline(model) };

/**
 * Loads the content-viral model the content subgraph serves: the registry's active version in
 * `db` (seeded from the committed artifact when empty; the artifact alone when MongoDB is
 * unreachable), on worker threads behind the batcher.
 */
export function loadViralPipeline(options: { db: Db } & ServeOptions): Promise<ViralPipeline> {
  return loadServedPipeline(options, CONTENT_VIRAL_SERVED, CONTENT_VIRAL_SERVED.wrap);
}
