/**
 * The growth model off the serving path (`pnpm eval`, training reports): the same pre- and
 * post-processing as GrowthPipeline, on one ONNX Runtime session on this thread, in large
 * batches. Not for request handling: a batch blocks the event loop while it runs.
 */
import ort from 'onnxruntime-node';
import type { GrowthArtifact } from './artifact.js';
import { GROWTH_FEATURES } from './features.js';
import { finishGrowthEstimate, prepareGrowthInput, type GrowthEstimate } from './inference.js';
import { GROWTH_ONNX_INPUT, GROWTH_ONNX_OUTPUT, type GrowthModelMetadata } from './metadata.js';
import type { GrowthHistory } from './series.js';

/** One forecast to make: a channel's history up to the origin, and the days ahead wanted (1..30). */
export interface GrowthCase {
  history: GrowthHistory;
  days: number;
}

export class OfflineGrowthModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly metadata: GrowthModelMetadata,
  ) {}

  static async load(artifact: GrowthArtifact): Promise<OfflineGrowthModel> {
    return new OfflineGrowthModel(await ort.InferenceSession.create(artifact.onnx), artifact.metadata);
  }

  get version(): string {
    return this.metadata.version;
  }

  /**
   * One forecast per case, in order. Throws, before running anything, the first case's error:
   * GrowthHistoryTooShortError, GrowthHistoryError or GrowthDaysError (see prepareGrowthInput).
   */
  async forecastMany(cases: readonly GrowthCase[], batchSize = 512): Promise<GrowthEstimate[]> {
    const { window, horizon } = this.metadata.architecture;
    const prepared = cases.map((c) => prepareGrowthInput(c.history, c.days, window, horizon));
    const outputs = await quantilesWithOnnx(this.session, prepared, batchSize);
    return prepared.map((p, i) => finishGrowthEstimate(p, outputs[i]!));
  }

  /** The quantiles `[horizon, 5]` for inputs already built (e.g. a stored forecast's `input`, `[window, features]` each), in order. */
  quantilesOf(inputs: readonly { input: Float32Array }[], batchSize = 512): Promise<Float32Array[]> {
    return quantilesWithOnnx(this.session, inputs, batchSize);
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}

/** Runs an ONNX growth model over inputs in batches; per input its quantiles `[horizon, 5]`, row-major. */
export async function quantilesWithOnnx(session: ort.InferenceSession, examples: readonly { input: Float32Array }[], batchSize = 512): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  if (examples.length === 0) return out;
  const size = examples[0]!.input.length;
  for (let start = 0; start < examples.length; start += batchSize) {
    const batch = examples.slice(start, start + batchSize);
    const data = new Float32Array(batch.length * size);
    batch.forEach((e, i) => data.set(e.input, i * size));
    const feeds = { [GROWTH_ONNX_INPUT]: new ort.Tensor('float32', data, [batch.length, size / GROWTH_FEATURES, GROWTH_FEATURES]) };
    const values = (await session.run(feeds))[GROWTH_ONNX_OUTPUT]!.data as Float32Array;
    const per = values.length / batch.length;
    for (let i = 0; i < batch.length; i++) out.push(values.slice(i * per, (i + 1) * per));
  }
  return out;
}
