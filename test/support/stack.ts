import { readFileSync } from 'node:fs';
import type { MongoClient } from 'mongodb';
import { createMongoClient } from '@telepulse/platform/mongo';
import { freePort } from '@telepulse/devstack/ports';
import { createChannelsServer } from '@telepulse/channels/server';
import { createEngagementServer } from '@telepulse/engagement/server';
import { GatewayChannelDirectory } from '@telepulse/engagement/clients/channel-directory';
import { createGatewayServer } from '@telepulse/gateway/server';
import { supergraphPath } from '@telepulse/gateway/composition';
import { loadEngagementPipeline } from '@telepulse/models/engagement/pipeline';
import type { InferenceHealthOptions } from '@telepulse/models/runtime/inference-health';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> & { code?: string } }[];
}

/**
 * The whole supergraph in this process, over real HTTP on loopback ports: channels and
 * engagement subgraphs (the committed model, on worker threads) and the gateway, on one MongoDB
 * under a database prefix of the test's own.
 */
export async function startStack(options: { mongodbUri: string; prefix: string; mongoTimeoutMs?: number; modelHealth?: Partial<InferenceHealthOptions> }) {
  const client: MongoClient = createMongoClient({ uri: options.mongodbUri, serverSelectionTimeoutMs: options.mongoTimeoutMs ?? 1500 });
  const db = (name: string) => client.db(`${options.prefix}_${name}`);
  const gatewayPort = await freePort();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;

  const channels = await createChannelsServer(db('channels')).listen(0);
  const predictor = await loadEngagementPipeline({ db: db('engagement'), executionProvider: 'cpu', threads: 1, health: options.modelHealth });
  const engagement = await createEngagementServer({
    db: db('engagement'),
    predictor,
    directory: new GatewayChannelDirectory(gatewayUrl, 5000),
  }).listen(0);
  const gateway = await createGatewayServer({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    urlOverrides: { channels: channels.url, engagement: engagement.url },
    healthTimeoutMs: 3000,
  }).listen(gatewayPort);

  /** Posts a GraphQL operation to the gateway, as a client would. */
  async function query<T = Record<string, any>>(source: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: source, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  return {
    gatewayUrl: gateway.url,
    engagementUrl: engagement.url,
    client,
    db,
    predictor,
    query,
    async stop() {
      await gateway.stop();
      await engagement.stop();
      await channels.stop();
      await predictor.dispose();
      await client.close();
    },
  };
}
