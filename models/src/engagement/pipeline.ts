/**
 * The engagement model at serve time: pre-process (a channel's history and a candidate post →
 * the `[historyPosts + 1, features]` input), run (batched through the model kit), post-process (the
 * rate, its calibrated confidence and the median baseline; see inference.ts). The serve-time entry point: it loads no
 * training code (see models/test/serve-entry.test.ts).
 */
import type { Db } from 'mongodb';
import type { HealthCheck } from '@telepulse/platform/health';
import type { BatchedOnnxModel, ServeOptions } from '../runtime/batched-onnx-model.js';
import { loadServedPipeline, type ServedModelKind } from '../runtime/load-pipeline.js';
import type { ServingStatsSnapshot } from '../runtime/serving-stats.js';
import { exampleDims, ModelContractError } from '../runtime/model-io.js';
import { readEngagementArtifact } from './artifact.js';
import { INPUT_COLUMNS, type CandidatePost, type HistoryPost } from './features.js';
import { finishEngagementEstimate, needsModel, prepareEngagementInput, type EngagementEstimate, type EngagementOutput, type PreparedEngagementInput } from './inference.js';
import { upgradeEngagementMetadata, type EngagementModelMetadata } from './metadata.js';

export const ENGAGEMENT_MODEL_NAME = 'engagement';

export type { EngagementEstimate, PreparedEngagementInput } from './inference.js';

export class EngagementPipeline {
  /** Past posts the model reads, from the input shape `[batch, historyPosts + 1, features]`. */
  readonly historyPosts: number;
  readonly inputShape: [number, number];
  private readonly inputName: string;
  private readonly outputName: string;

  /** Wraps a loaded model; throws ModelContractError when its io is not the engagement model's. */
  constructor(readonly model: BatchedOnnxModel<EngagementModelMetadata>) {
    const { io, postFeatures } = model.metadata;
    const features = INPUT_COLUMNS.length;
    const [input] = io.inputs;
    const [output] = io.outputs;
    const [steps, columns] = input ? exampleDims(input) : [];
    if (io.inputs.length !== 1 || io.outputs.length !== 1 || !steps || steps < 2 || columns !== features || exampleDims(output!).join() !== '2') {
      throw new ModelContractError(
        `engagement model ${model.version}: expected one input [batch, history + 1, ${features}] and one output [batch, 2], got ${JSON.stringify(io)}`,
      );
    }
    if (postFeatures.join() !== INPUT_COLUMNS.join()) {
      throw new ModelContractError(`engagement model ${model.version} was trained on features [${postFeatures.join(', ')}], this code builds [${INPUT_COLUMNS.join(', ')}]`);
    }
    this.historyPosts = steps - 1;
    this.inputShape = [steps, columns];
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
    return this.postprocess(prepared, needsModel(prepared) ? await this.run(prepared.input) : null);
  }

  /** The latest `historyPosts` posts and the model input built from them and the candidate. */
  preprocess(history: readonly HistoryPost[], candidate: CandidatePost): PreparedEngagementInput {
    return prepareEngagementInput(history, candidate, this.historyPosts);
  }

  /** The network's output for one input. */
  async run(input: Float32Array): Promise<EngagementOutput> {
    const [ratio, logScale] = (await this.model.run({ [this.inputName]: input }))[this.outputName]!;
    return { ratio: ratio!, logScale: logScale! };
  }

  /** The estimate from the network's output (null: the history was too short to ask it). */
  postprocess(prepared: PreparedEngagementInput, output: EngagementOutput | null): EngagementEstimate {
    return finishEngagementEstimate(this.metadata, prepared, output);
  }

  /** Its serving path's counters: rows, runs, failures and recent latency since it was loaded (see ServingStats). */
  servingStats(): ServingStatsSnapshot {
    return this.model.servingStats();
  }

  /** The model's health check (`model:engagement`). */
  readonly probe = (): Promise<HealthCheck> => this.model.probe();

  dispose(): Promise<void> {
    return this.model.dispose();
  }
}

/** The engagement model as the model kit serves it (the model follower loads new versions with it). */
export const ENGAGEMENT_SERVED: ServedModelKind<EngagementModelMetadata, EngagementPipeline> = { name: ENGAGEMENT_MODEL_NAME, readArtifact: () => readEngagementArtifact(), upgradeMetadata: upgradeEngagementMetadata, wrap: (model) => new EngagementPipeline(model) };

/**
 * Loads the engagement model the subgraph serves: the registry's active version in `db`
 * (seeded from the committed artifact when empty; the artifact alone when MongoDB is
 * unreachable), metadata of an older layout upgraded, on worker threads behind the batcher.
 */
export function loadEngagementPipeline(options: { db: Db } & ServeOptions): Promise<EngagementPipeline> {
  return loadServedPipeline(options, ENGAGEMENT_SERVED, ENGAGEMENT_SERVED.wrap);
}
