/**
 * The growth model at serve time: pre-process (a channel's daily history → the `[window,
 * features]` input), run (batched through the model kit), post-process (quantile paths → counts,
 * and the seasonal-naive baseline; see inference.ts). The serve-time entry point: it loads no
 * training code (see models/test/serve-entry.test.ts).
 */
import type { Db } from 'mongodb';
import type { HealthCheck } from '@telepulse/platform/health';
import type { BatchedOnnxModel, ServeOptions } from '../runtime/batched-onnx-model.js';
import { loadServedPipeline, type ServedModelKind } from '../runtime/load-pipeline.js';
import type { ServingStatsSnapshot } from '../runtime/serving-stats.js';
import { exampleDims, ModelContractError } from '../runtime/model-io.js';
import { readGrowthArtifact } from './artifact.js';
import { GROWTH_COLUMNS } from './features.js';
import { finishGrowthEstimate, prepareGrowthInput, type GrowthEstimate, type PreparedGrowthInput } from './inference.js';
import type { GrowthModelMetadata } from './metadata.js';
import { GROWTH_QUANTILES, type GrowthHistory } from './series.js';

export const GROWTH_MODEL_NAME = 'growth';

export type { GrowthEstimate, PreparedGrowthInput } from './inference.js';

export class GrowthPipeline {
  /** Days the model reads and forecasts, from its io `[batch, window, features]` → `[batch, horizon, quantiles]`. */
  readonly window: number;
  readonly horizon: number;
  readonly inputShape: [number, number];
  private readonly inputName: string;
  private readonly outputName: string;

  /** Wraps a loaded model; throws ModelContractError when its io or columns are not the growth model's. */
  constructor(readonly model: BatchedOnnxModel<GrowthModelMetadata>) {
    const { io, dayFeatures, quantiles } = model.metadata;
    const [input] = io.inputs;
    const [output] = io.outputs;
    const [window, columns] = input ? exampleDims(input) : [];
    const [horizon, outputQuantiles] = output ? exampleDims(output) : [];
    if (io.inputs.length !== 1 || io.outputs.length !== 1 || !window || columns !== GROWTH_COLUMNS.length || !horizon || outputQuantiles !== GROWTH_QUANTILES.length) {
      throw new ModelContractError(
        `growth model ${model.version}: expected one input [batch, days, ${GROWTH_COLUMNS.length}] and one output [batch, horizon, ${GROWTH_QUANTILES.length}], got ${JSON.stringify(io)}`,
      );
    }
    if (dayFeatures?.join() !== GROWTH_COLUMNS.join()) {
      throw new ModelContractError(`growth model ${model.version} was trained on features [${dayFeatures?.join(', ')}], this code builds [${GROWTH_COLUMNS.join(', ')}]`);
    }
    if (quantiles?.join() !== GROWTH_QUANTILES.join()) {
      throw new ModelContractError(`growth model ${model.version} gives the quantiles [${quantiles?.join(', ')}], this code reads [${GROWTH_QUANTILES.join(', ')}]`);
    }
    this.window = window;
    this.horizon = horizon;
    this.inputShape = [window, columns];
    this.inputName = input!.name;
    this.outputName = output!.name;
  }

  get name(): string {
    return this.model.name;
  }

  get version(): string {
    return this.model.version;
  }

  get metadata(): GrowthModelMetadata {
    return this.model.metadata;
  }

  /**
   * Forecasts `days` (1..horizon) days after the history's last count; batched with concurrent
   * calls. Throws GrowthHistoryTooShortError for fewer than GROWTH_MIN_DAYS days (after gap
   * filling), GrowthDaysError (a RangeError) for other `days`, GrowthHistoryError for an
   * unreadable history.
   */
  async forecast(history: GrowthHistory, days: number): Promise<GrowthEstimate> {
    const prepared = this.preprocess(history, days);
    return this.postprocess(prepared, await this.run(prepared.input));
  }

  /** The model input and what the forecast is relative to. */
  preprocess(history: GrowthHistory, days: number): PreparedGrowthInput {
    return prepareGrowthInput(history, days, this.window, this.horizon);
  }

  /** The network's quantiles `[horizon, 5]` for one input. */
  async run(input: Float32Array): Promise<Float32Array> {
    return (await this.model.run({ [this.inputName]: input }))[this.outputName]!;
  }

  /** The forecast from the network's output. */
  postprocess(prepared: PreparedGrowthInput, quantiles: Float32Array): GrowthEstimate {
    return finishGrowthEstimate(prepared, quantiles);
  }

  /** Its serving path's counters: rows, runs, failures and recent latency since it was loaded (see ServingStats). */
  servingStats(): ServingStatsSnapshot {
    return this.model.servingStats();
  }

  /** The model's health check (`model:growth`). */
  readonly probe = (): Promise<HealthCheck> => this.model.probe();

  dispose(): Promise<void> {
    return this.model.dispose();
  }
}

/** The growth model as the model kit serves it (the model follower loads new versions with it). */
export const GROWTH_SERVED: ServedModelKind<GrowthModelMetadata, GrowthPipeline> = { name: GROWTH_MODEL_NAME, readArtifact: () => readGrowthArtifact(), wrap: (model) => new GrowthPipeline(model) };

/**
 * Loads the growth model the subgraph serves: the registry's active version in `db` (seeded from
 * the committed artifact when empty; the artifact alone when MongoDB is unreachable), on worker
 * threads behind the batcher.
 */
export function loadGrowthPipeline(options: { db: Db } & ServeOptions): Promise<GrowthPipeline> {
  return loadServedPipeline(options, GROWTH_SERVED, GROWTH_SERVED.wrap);
}
