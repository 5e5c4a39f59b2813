/**
 * How a predicting subgraph follows learning: one slot per model it serves, one follower for
 * them all, new versions loaded with the subgraph's serve options. Starts syncing at once.
 */
import type { Db } from 'mongodb';
import { ModelRegistry } from '../registry/model-registry.js';
import type { ServeOptions } from './batched-onnx-model.js';
import { loadVersionPipeline, type ServedModelKind } from './load-pipeline.js';
import { ModelFollower } from './model-follower.js';
import type { ServedModelMetadata } from './model-io.js';
import type { PipelineSlot, SlotPipeline } from './pipeline-slot.js';
import type { ModelFollowingSettings } from './serve-env.js';

/** A slot and the model kind that fills it. */
export interface FollowedSlot<M extends ServedModelMetadata, P extends SlotPipeline> {
  kind: ServedModelKind<M, P>;
  slot: PipelineSlot<P>;
}

/** Builds and starts the follower of `caller`'s models (the subgraph's name) over its own registry in `db`. */
export function followLearning(
  deps: { db: Db; subgraphSecret: string; caller: string; settings: ModelFollowingSettings; serve: ServeOptions },
  followed: readonly FollowedSlot<any, any>[],
): ModelFollower {
  return new ModelFollower({
    learningUrl: deps.settings.LEARNING_URL,
    secret: deps.subgraphSecret,
    caller: deps.caller,
    intervalMs: deps.settings.MODEL_SYNC_MS,
    registry: new ModelRegistry(deps.db),
    models: followed.map(({ kind, slot }) => ({
      id: kind.name,
      slot,
      load: (version: { onnx: Uint8Array; metadata: unknown }) => loadVersionPipeline(deps.serve, kind, { ...version, source: 'learning' }),
    })),
    onSwitch: (modelId, from, to) => console.log(`[${deps.caller}] ${modelId}: serving ${to} (was ${from}), as learning activated it`),
  }).start();
}
