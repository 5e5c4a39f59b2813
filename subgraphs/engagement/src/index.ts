import { createMongoClient } from '@telepulse/platform/mongo';
import { runService } from '@telepulse/platform/run-service';
import { EngagementModel } from '@telepulse/models/engagement/engagement-model';
import { readEngagementArtifact } from '@telepulse/models/engagement/artifact';
import { ModelRegistry } from '@telepulse/models/registry/model-registry';
import { resolveServingModel } from '@telepulse/models/registry/serving-model';
import { SupergraphClient } from '@telepulse/platform/supergraph-client';
import { supergraphChannelHistory } from './clients/channel-history.js';
import { loadEnv } from './env.js';
import { createEngagementServer } from './server.js';

await runService('engagement', async () => {
  const env = loadEnv();
  const client = createMongoClient({ uri: env.MONGODB_URI, serverSelectionTimeoutMs: env.MONGODB_TIMEOUT_MS });
  const db = client.db(`${env.MONGODB_DB_PREFIX}_engagement`);
  const chosen = await resolveServingModel(new ModelRegistry(db), 'engagement', () => readEngagementArtifact());
  const model = await EngagementModel.load({
    onnx: chosen.onnx,
    metadata: chosen.metadata,
    executionProvider: env.ORT_EXECUTION_PROVIDER,
    ...(env.INFERENCE_THREADS ? { threads: env.INFERENCE_THREADS } : {}),
    batching: { maxBatchSize: env.BATCH_MAX_SIZE, maxQueueDelayMs: env.BATCH_MAX_DELAY_MS },
  });
  console.log(`[engagement] model ${model.name}@${model.version} from the ${chosen.source} on ${model.provider.name} (${model.provider.reason})`);
  const server = createEngagementServer({ db, serving: { model, source: chosen.source }, histories: supergraphChannelHistory(new SupergraphClient({ url: env.GATEWAY_URL, timeoutMs: env.GATEWAY_TIMEOUT_MS, caller: 'engagement' })) });
  const running = await server.listen(env.ENGAGEMENT_PORT, env.HOST);
  return {
    url: running.url,
    stop: async () => {
      await running.stop();
      await model.dispose();
      await client.close();
    },
  };
});
