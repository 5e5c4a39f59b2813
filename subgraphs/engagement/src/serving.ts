import type { Db } from 'mongodb';
import { EngagementModel } from '@telepulse/models/engagement/engagement-model';
import { readEngagementArtifact } from '@telepulse/models/engagement/artifact';
import { ModelRegistry } from '@telepulse/models/registry/model-registry';
import { resolveServingModel } from '@telepulse/models/registry/serving-model';
import type { EngagementEnv } from './env.js';

/** The model this process serves and where its bytes came from. */
export interface ServingEngagementModel {
  model: EngagementModel;
  source: 'registry' | 'artifact';
}

/**
 * Loads the model to serve: the registry's active version (seeded from the committed artifact
 * when empty; the artifact alone when MongoDB is unreachable), on worker threads behind the
 * dynamic batcher. The caller disposes it.
 */
export async function loadServingModel(db: Db, env: EngagementEnv): Promise<ServingEngagementModel> {
  const chosen = await resolveServingModel(new ModelRegistry(db), 'engagement', () => readEngagementArtifact());
  const model = await EngagementModel.load({
    onnx: chosen.onnx,
    metadata: chosen.metadata,
    executionProvider: env.ORT_EXECUTION_PROVIDER,
    ...(env.INFERENCE_THREADS ? { threads: env.INFERENCE_THREADS } : {}),
    batching: { maxBatchSize: env.BATCH_MAX_SIZE, maxQueueDelayMs: env.BATCH_MAX_DELAY_MS },
  });
  console.log(`[engagement] model ${model.name}@${model.version} from the ${chosen.source} on ${model.provider.name} (${model.provider.reason})`);
  return { model, source: chosen.source };
}
