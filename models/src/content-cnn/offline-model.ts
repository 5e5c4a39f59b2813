/**
 * The content CNN off the serving path (`pnpm eval`, training reports): the same pre- and
 * post-processing as ContentCnnPipeline, on one ONNX Runtime session on this thread, in large
 * batches. Not for request handling: a batch blocks the event loop while it runs.
 */
import ort from 'onnxruntime-node';
import type { ContentCnnArtifact } from './artifact.js';
import { finishContentEstimate, prepareContentInput, type ContentCnnEstimate, type ContentCnnOutput } from './inference.js';
import { CONTENT_CNN_ONNX_EMBEDDING, CONTENT_CNN_ONNX_INPUT, CONTENT_CNN_ONNX_OUTPUT, type ContentCnnModelMetadata } from './metadata.js';

export class OfflineContentCnnModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly metadata: ContentCnnModelMetadata,
  ) {}

  static async load(artifact: ContentCnnArtifact): Promise<OfflineContentCnnModel> {
    return new OfflineContentCnnModel(await ort.InferenceSession.create(artifact.onnx), artifact.metadata);
  }

  get version(): string {
    return this.metadata.version;
  }

  /** One estimate per text, in order. */
  async analyzeMany(texts: readonly string[], batchSize = 256): Promise<ContentCnnEstimate[]> {
    const prepared = texts.map((text) => prepareContentInput(text, this.metadata.architecture.maxTokens));
    const outputs = await contentCnnWithOnnx(this.session, prepared, batchSize);
    return prepared.map((p, i) => finishContentEstimate(p, outputs[i]!));
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}

/** Runs an ONNX content CNN over token ids (each row maxTokens long) in batches; one output per row. */
export async function contentCnnWithOnnx(session: ort.InferenceSession, examples: readonly { ids: Float32Array }[], batchSize = 256): Promise<ContentCnnOutput[]> {
  const out: ContentCnnOutput[] = [];
  if (examples.length === 0) return out;
  const steps = examples[0]!.ids.length;
  for (let start = 0; start < examples.length; start += batchSize) {
    const batch = examples.slice(start, start + batchSize);
    const data = new Float32Array(batch.length * steps);
    batch.forEach((e, i) => data.set(e.ids, i * steps));
    const results = await session.run({ [CONTENT_CNN_ONNX_INPUT]: new ort.Tensor('float32', data, [batch.length, steps]) });
    const relative = results[CONTENT_CNN_ONNX_OUTPUT]!.data as Float32Array;
    const embedding = results[CONTENT_CNN_ONNX_EMBEDDING]!.data as Float32Array;
    const width = embedding.length / batch.length;
    for (let i = 0; i < batch.length; i++) out.push({ relative: relative[i]!, embedding: embedding.slice(i * width, (i + 1) * width) });
  }
  return out;
}
