/**
 * The engagement model at serve time: pre-process (a channel's history and a candidate post →
 * the `[historyPosts + 1, 8]` input), run (batched through the model kit), post-process (the
 * calibrated confidence and the median baseline). The serve-time entry point: it loads no
 * training code (see models/test/serve-entry.test.ts).
 */
import type { Db } from 'mongodb';
import { engagementRate } from '@telepulse/dataset';
import type { HealthCheck } from '@telepulse/platform/health';
import { ModelRegistry } from '../registry/model-registry.js';
import { BatchedOnnxModel, type ServeOptions } from '../runtime/batched-onnx-model.js';
import { exampleDims, ModelContractError } from '../runtime/model-io.js';
import { readEngagementArtifact } from './artifact.js';
import { confidence, median } from './confidence.js';
import { buildEngagementInput, latestOldestFirst, POST_FEATURE_NAMES, type CandidatePost, type HistoryPost } from './features.js';
import { upgradeEngagementMetadata, type EngagementModelMetadata } from './metadata.js';

export const ENGAGEMENT_MODEL_NAME = 'engagement';

/** A prediction, with what it was made from. */
export interface EngagementEstimate {
  /** Expected (forwards + replies + reactions) / views of the candidate, 0..1. */
  rate: number;
  /** Calibrated chance the observed rate lands within tolerance of `rate`. */
  confidence: number;
  /** The channel's median rate over the history the model read. */
  baseline: number;
  /** History posts the model read (at most historyPosts). */
  historyUsed: number;
  /** The exact model input, row-major, and its shape [steps, features]. */
  input: Float32Array;
  inputShape: [number, number];
}

/** The pre-processed request: the posts used and the model input built from them. */
export interface PreparedEngagementInput {
  used: HistoryPost[];
  candidate: CandidatePost;
  input: Float32Array;
}

export class EngagementPipeline {
  /** Past posts the model reads, from the input shape `[batch, historyPosts + 1, features]`. */
  readonly historyPosts: number;
  readonly inputShape: [number, number];
  private readonly inputName: string;
  private readonly outputName: string;

  /** Wraps a loaded model; throws ModelContractError when its io is not the engagement model's. */
  constructor(readonly model: BatchedOnnxModel<EngagementModelMetadata>) {
    const { io, postFeatures } = model.metadata;
    const [input] = io.inputs;
    const [output] = io.outputs;
    const [steps, features] = input ? exampleDims(input) : [];
    if (io.inputs.length !== 1 || io.outputs.length !== 1 || !steps || steps < 2 || features !== POST_FEATURE_NAMES.length || exampleDims(output!).join() !== '1') {
      throw new ModelContractError(
        `engagement model ${model.version}: expected one input [batch, history + 1, ${POST_FEATURE_NAMES.length}] and one output [batch, 1], got ${JSON.stringify(io)}`,
      );
    }
    if (postFeatures.join() !== POST_FEATURE_NAMES.join()) {
      throw new ModelContractError(`engagement model ${model.version} was trained on features [${postFeatures.join(', ')}], this code builds [${POST_FEATURE_NAMES.join(', ')}]`);
    }
    this.historyPosts = steps - 1;
    this.inputShape = [steps, features];
    this.inputName = input!.name;
    this.outputName = output!.name;
  }

  get name(): string {
    return this.model.name;
  }

  get version(): string {
    return this.model.version;
  }

  get metadata(): EngagementModelMetadata {
    return this.model.metadata;
  }

  /** Predicts the candidate's engagement from the channel's history (any order, any length); batched with concurrent calls. */
  async predict(history: readonly HistoryPost[], candidate: CandidatePost): Promise<EngagementEstimate> {
    const prepared = this.preprocess(history, candidate);
    return this.postprocess(prepared, await this.run(prepared.input));
  }

  /** The latest `historyPosts` posts and the model input built from them and the candidate. */
  preprocess(history: readonly HistoryPost[], candidate: CandidatePost): PreparedEngagementInput {
    return prepareEngagementInput(history, candidate, this.historyPosts);
  }

  /** The model's engagement rate for one input. */
  async run(input: Float32Array): Promise<number> {
    const outputs = await this.model.run({ [this.inputName]: input });
    return outputs[this.outputName]![0]!;
  }

  /** Confidence and baseline for the rate the model gave. */
  postprocess(prepared: PreparedEngagementInput, rate: number): EngagementEstimate {
    return finishEngagementEstimate(this.metadata, prepared, rate);
  }

  /** The model's health check (`model:engagement`). */
  readonly probe = (): Promise<HealthCheck> => this.model.probe();

  dispose(): Promise<void> {
    return this.model.dispose();
  }
}

/** Pre-processing, shared by serving, training reports and evaluation: the latest `historyPosts` posts and the model input. */
export function prepareEngagementInput(history: readonly HistoryPost[], candidate: CandidatePost, historyPosts: number): PreparedEngagementInput {
  const used = latestOldestFirst(history, historyPosts);
  return { used, candidate, input: buildEngagementInput(used, candidate, historyPosts) };
}

/** Post-processing, shared likewise: the estimate from the model's output for one prepared input. */
export function finishEngagementEstimate(metadata: EngagementModelMetadata, { used, candidate, input }: PreparedEngagementInput, rate: number): EngagementEstimate {
  const historyPosts = metadata.architecture.historyPosts;
  const historyRates = used.map(engagementRate);
  const hasEarlyCounts = candidate.views !== undefined && candidate.views !== null;
  return {
    rate,
    confidence: confidence(metadata.confidence, { historyRates, historyPosts, hasEarlyCounts, prediction: rate }),
    baseline: median(historyRates),
    historyUsed: used.length,
    input,
    inputShape: [historyPosts + 1, input.length / (historyPosts + 1)],
  };
}

/**
 * Loads the engagement model the subgraph serves: the registry's active version in `db`
 * (seeded from the committed artifact when empty; the artifact alone when MongoDB is
 * unreachable), metadata of an older layout upgraded, on worker threads behind the batcher.
 */
export async function loadEngagementPipeline(options: { db: Db } & ServeOptions): Promise<EngagementPipeline> {
  const { db, ...serve } = options;
  const model = await BatchedOnnxModel.loadActive({
    ...serve,
    registry: new ModelRegistry(db),
    name: ENGAGEMENT_MODEL_NAME,
    readArtifact: () => readEngagementArtifact(),
    upgradeMetadata: upgradeEngagementMetadata,
  });
  try {
    return new EngagementPipeline(model);
  } catch (error) {
    await model.dispose();
    throw error;
  }
}
