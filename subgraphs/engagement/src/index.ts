import { createMongoClient } from '@telepulse/platform/mongo';
import { runService } from '@telepulse/platform/run-service';
import { loadEngagementPipeline } from '@telepulse/models/engagement/pipeline';
import { inferenceThreads } from '@telepulse/models/runtime/inference-threads';
import { GatewayChannelDirectory } from './clients/channel-directory.js';
import { loadEnv } from './env.js';
import { createEngagementServer } from './server.js';

await runService('engagement', async () => {
  const env = loadEnv();
  const client = createMongoClient({ uri: env.MONGODB_URI, serverSelectionTimeoutMs: env.MONGODB_TIMEOUT_MS });
  const db = client.db(`${env.MONGODB_DB_PREFIX}_engagement`);
  const predictor = await loadEngagementPipeline({
    db,
    executionProvider: env.ORT_EXECUTION_PROVIDER,
    // The engagement model is the only one this process serves.
    threads: inferenceThreads({ configured: env.INFERENCE_THREADS, servedModels: 1 }),
    batching: { maxBatchSize: env.BATCH_MAX_SIZE, maxQueueDelayMs: env.BATCH_MAX_DELAY_MS },
  });
  const { model } = predictor;
  console.log(`[engagement] model ${model.name}@${model.version} from the ${model.source} on ${model.provider.name} (${model.provider.reason}), ${model.workers.length} inference threads`);
  const server = createEngagementServer({ db, predictor, directory: new GatewayChannelDirectory(env.GATEWAY_URL, env.GATEWAY_TIMEOUT_MS) });
  const running = await server.listen(env.ENGAGEMENT_PORT, env.HOST);
  return {
    url: running.url,
    stop: async () => {
      await running.stop();
      await predictor.dispose();
      await client.close();
    },
  };
});
