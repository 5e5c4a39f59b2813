/**
 * The engagement model off the serving path (`pnpm eval`, training reports): the same pre- and
 * post-processing as EngagementPipeline, on one ONNX Runtime session on this thread, in large
 * batches. Not for request handling: a batch blocks the event loop while it runs.
 */
import ort from 'onnxruntime-node';
import type { EngagementArtifact } from './artifact.js';
import type { CandidatePost, HistoryPost } from './features.js';
import type { EngagementModelMetadata } from './metadata.js';
import { finishEngagementEstimate, needsModel, prepareEngagementInput, type EngagementEstimate } from './inference.js';

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
    const [input] = this.metadata.io.inputs;
    const [output] = this.metadata.io.outputs;
    const historyPosts = this.metadata.architecture.historyPosts;
    const out: EngagementEstimate[] = [];
    for (let start = 0; start < cases.length; start += batchSize) {
      const prepared = cases.slice(start, start + batchSize).map((c) => prepareEngagementInput(c.history, c.candidate, historyPosts));
      const stride = prepared[0]!.input.length;
      const data = new Float32Array(prepared.length * stride);
      prepared.forEach((p, i) => data.set(p.input, i * stride));
      const result = await this.session.run({ [input!.name]: new ort.Tensor('float32', data, [prepared.length, historyPosts + 1, stride / (historyPosts + 1)]) });
      const values = result[output!.name]!.data as Float32Array;
      const width = values.length / prepared.length;
      prepared.forEach((p, i) =>
        out.push(finishEngagementEstimate(this.metadata, p, needsModel(p) ? { ratio: values[i * width]!, logScale: values[i * width + 1]! } : null)),
      );
    }
    return out;
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}
