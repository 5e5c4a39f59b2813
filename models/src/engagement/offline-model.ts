/**
 * The engagement model off the serving path (`pnpm eval`, training reports): the same pre- and
 * post-processing as EngagementPipeline, on one ONNX Runtime session on this thread, in large
 * batches. Not for request handling: a batch blocks the event loop while it runs.
 */
import ort from 'onnxruntime-node';
import type { EngagementArtifact } from './artifact.js';
import { FEATURES_PER_POST, type CandidatePost, type HistoryPost } from './features.js';
import { ENGAGEMENT_ONNX_INPUT, ENGAGEMENT_ONNX_OUTPUT, type EngagementModelMetadata } from './metadata.js';
import { finishEngagementEstimate, needsModel, prepareEngagementInput, type EngagementEstimate, type EngagementOutput } from './inference.js';

/** One prediction to make: a channel's posts before the candidate, and the candidate. */
export interface EngagementCase {
  history: readonly HistoryPost[];
  candidate: CandidatePost;
}

export class OfflineEngagementModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly metadata: EngagementModelMetadata,
  ) {}

  static async load(artifact: EngagementArtifact): Promise<OfflineEngagementModel> {
    return new OfflineEngagementModel(await ort.InferenceSession.create(artifact.onnx), artifact.metadata);
  }

  get version(): string {
    return this.metadata.version;
  }

  /** One estimate per case, in order. */
  async predictMany(cases: readonly EngagementCase[], batchSize = 512): Promise<EngagementEstimate[]> {
    const historyPosts = this.metadata.architecture.historyPosts;
    const prepared = cases.map((c) => prepareEngagementInput(c.history, c.candidate, historyPosts));
    const outputs = await predictWithOnnx(this.session, prepared, batchSize);
    return prepared.map((p, i) => finishEngagementEstimate(this.metadata, p, needsModel(p) ? outputs[i]! : null));
  }

  /** The network's outputs for inputs already built (e.g. a stored prediction's `input`, `[historyPosts + 1, features]` each), in order. */
  outputsOf(inputs: readonly { input: Float32Array }[], batchSize = 512): Promise<EngagementOutput[]> {
    return predictWithOnnx(this.session, inputs, batchSize);
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}

/** Runs an ONNX engagement model over inputs in batches; one output per input. */
export async function predictWithOnnx(session: ort.InferenceSession, examples: readonly { input: Float32Array }[], batchSize = 512): Promise<EngagementOutput[]> {
  const out: EngagementOutput[] = [];
  if (examples.length === 0) return out;
  const stepSize = examples[0]!.input.length;
  for (let start = 0; start < examples.length; start += batchSize) {
    const batch = examples.slice(start, start + batchSize);
    const data = new Float32Array(batch.length * stepSize);
    batch.forEach((e, i) => data.set(e.input, i * stepSize));
    const feeds = { [ENGAGEMENT_ONNX_INPUT]: new ort.Tensor('float32', data, [batch.length, stepSize / FEATURES_PER_POST, FEATURES_PER_POST]) };
    const values = (await session.run(feeds))[ENGAGEMENT_ONNX_OUTPUT]!.data as Float32Array;
    for (let i = 0; i < batch.length; i++) out.push({ ratio: values[2 * i]!, logScale: values[2 * i + 1]! });
  }
  return out;
}
