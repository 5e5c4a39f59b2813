/**
 * How every model's pipeline is loaded for serving: the registry's active version in the
 * subgraph's database (seeded from the committed artifact when empty; the artifact alone when
 * MongoDB is unreachable), on worker threads behind the batcher, wrapped in the model's pipeline.
 */
import type { Db } from 'mongodb';
import { ModelRegistry } from '../registry/model-registry.js';
import { BatchedOnnxModel, type ActiveModelOptions, type ServeOptions } from './batched-onnx-model.js';
import type { ModelSource } from '../registry/resolve-model.js';
import type { ServedModelMetadata } from './model-io.js';

/** One model as the kit serves it: its registry name, committed artifact, metadata upgrade and pipeline wrapper. */
export interface ServedModelKind<M extends ServedModelMetadata, P> extends Pick<ActiveModelOptions<M>, 'name' | 'readArtifact' | 'upgradeMetadata'> {
  wrap: (model: BatchedOnnxModel<M>) => P;
}

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

/**
 * Loads one given version (bytes and metadata as stored; the follower's new versions) into a
 * pipeline: worker threads started, warmed up and checked against the metadata's io before it
 * resolves, so a broken version fails here and never reaches a request.
 */
export async function loadVersionPipeline<M extends ServedModelMetadata, P>(
  serve: ServeOptions,
  kind: Pick<ServedModelKind<M, P>, 'upgradeMetadata' | 'wrap'>,
  version: { onnx: Uint8Array; metadata: unknown; source: ModelSource },
): Promise<P> {
  const metadata = kind.upgradeMetadata ? kind.upgradeMetadata(version.metadata) : (version.metadata as M);
  const loaded = await BatchedOnnxModel.load<M>({ ...serve, onnx: version.onnx, metadata, source: version.source });
  try {
    return kind.wrap(loaded);
  } catch (error) {
    await loaded.dispose();
    throw error;
  }
}
