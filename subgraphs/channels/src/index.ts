import { createMongoClient } from '@telepulse/platform/mongo';
import { runService } from '@telepulse/platform/run-service';
import { loadEnv } from './env.js';
import { createChannelsServer } from './server.js';

await runService('channels', async () => {
  const env = loadEnv();
  const client = createMongoClient({ uri: env.MONGODB_URI, serverSelectionTimeoutMs: env.MONGODB_TIMEOUT_MS });
  const running = await createChannelsServer(client.db(`${env.MONGODB_DB_PREFIX}_channels`)).listen(env.CHANNELS_PORT, env.HOST);
  return { url: running.url, stop: async () => (await running.stop(), await client.close()) };
});
