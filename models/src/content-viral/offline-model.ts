/**
 * The content-viral model off the serving path (`pnpm eval`, training): the same pre- and
 * post-processing as ViralPipeline, on one ONNX Runtime session on this thread, in large
 * batches. Not for request handling: a batch blocks the event loop while it runs.
 */
import ort from 'onnxruntime-node';
import type { ViralArtifact } from './artifact.js';
import { explanationFrom, occlusionsOf, type ViralExplanation } from './explanation.js';
import { finishViralEstimate, prepareViralInput, type PreparedViralInput, type ViralEstimate } from './inference.js';
import { VIRAL_ONNX_INPUT, VIRAL_ONNX_OUTPUT, type ViralModelMetadata } from './metadata.js';

export class OfflineViralModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly metadata: ViralModelMetadata,
  ) {}

  static async load(artifact: ViralArtifact): Promise<OfflineViralModel> {
    return new OfflineViralModel(await ort.InferenceSession.create(artifact.onnx), artifact.metadata);
  }

  get version(): string {
    return this.metadata.version;
  }

  /** One estimate per text, in order. */
  async scoreMany(texts: readonly string[], batchSize = 256): Promise<ViralEstimate[]> {
    return this.estimates(texts.map((t) => prepareViralInput(t, this.metadata.tokenizer)), batchSize);
  }

  /** The text's estimate and the words that drive it (explanation.ts), its occlusions scored in one run. */
  async explain(text: string): Promise<ViralExplanation> {
    const prepared = prepareViralInput(text, this.metadata.tokenizer);
    const occlusions = occlusionsOf(text, prepared.read);
    const [estimate, ...variants] = await this.estimates([prepared, ...occlusions.map((o) => prepareViralInput(o.variant, this.metadata.tokenizer))]);
    return explanationFrom(estimate!, occlusions, variants.map((v) => v.score));
  }

  private async estimates(prepared: readonly PreparedViralInput[], batchSize = 256): Promise<ViralEstimate[]> {
    const logits = await viralLogitsWithOnnx(this.session, prepared, batchSize);
    return prepared.map((p, i) => finishViralEstimate(this.metadata, p, logits[i]!));
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}

/** Runs an ONNX content-viral model over prepared texts in batches; one logit per text. */
export async function viralLogitsWithOnnx(session: ort.InferenceSession, prepared: readonly Pick<PreparedViralInput, 'input'>[], batchSize = 256): Promise<Float32Array> {
  const out = new Float32Array(prepared.length);
  if (prepared.length === 0) return out;
  const width = prepared[0]!.input.length;
  for (let start = 0; start < prepared.length; start += batchSize) {
    const batch = prepared.slice(start, start + batchSize);
    const data = new Float32Array(batch.length * width);
    batch.forEach((p, i) => data.set(p.input, i * width));
    const result = await session.run({ [VIRAL_ONNX_INPUT]: new ort.Tensor('float32', data, [batch.length, width]) });
    out.set(result[VIRAL_ONNX_OUTPUT]!.data as Float32Array, start);
  }
  return out;
}
