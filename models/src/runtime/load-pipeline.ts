/**
 * How every model's pipeline is loaded for serving: the registry's active version in the
 * subgraph's database (seeded from the committed artifact when empty; the artifact alone when
 * MongoDB is unreachable), on worker threads behind the batcher, wrapped in the model's pipeline.
 */
import type { Db } from 'mongodb';
import { ModelRegistry } from '../registry/model-registry.js';
import { BatchedOnnxModel, type ActiveModelOptions, type ServeOptions } from './batched-onnx-model.js';
import type { ServedModelMetadata } from './model-io.js';

/**
 * Loads the active version of `model.name` and wraps it; a wrapper that throws (the model breaks
 * the pipeline's contract) disposes the model before the error goes on.
 */
export async function loadServedPipeline<M extends ServedModelMetadata, P>(
  options: { db: Db } & ServeOptions,
  model: Pick<ActiveModelOptions<M>, 'name' | 'readArtifact' | 'upgradeMetadata'>,
  wrap: (model: BatchedOnnxModel<M>) => P,
): Promise<P> {
  const { db, ...serve } = options;
  const loaded = await BatchedOnnxModel.loadActive<M>({ ...serve, ...model, registry: new ModelRegistry(db) });
  try {
    return wrap(loaded);
  } catch (error) {
    await loaded.dispose();
    throw error;
  }
}
