import { readFileSync } from 'node:fs';
import type { MongoClient } from 'mongodb';
import { createMongoClient } from '@telepulse/platform/mongo';
import { freePort } from '@telepulse/devstack/ports';
import { createChannelsServer } from '@telepulse/channels/server';
import { createEngagementServer } from '@telepulse/engagement/server';
import { supergraphChannelHistory } from '@telepulse/engagement/clients/channel-history';
import { SupergraphClient } from '@telepulse/platform/supergraph-client';
import { createGatewayServer } from '@telepulse/gateway/server';
import { supergraphPath } from '@telepulse/gateway/composition';
import { EngagementModel } from '@telepulse/models/engagement/engagement-model';
import { readEngagementArtifact } from '@telepulse/models/engagement/artifact';
import { ModelRegistry } from '@telepulse/models/registry/model-registry';
import { resolveServingModel } from '@telepulse/models/registry/serving-model';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> & { code?: string } }[];
}

/**
 * The whole supergraph in this process, over real HTTP on loopback ports: channels and
 * engagement subgraphs (the committed model, on worker threads) and the gateway, on one MongoDB
 * under a database prefix of the test's own.
 */
export async function startStack(options: { mongodbUri: string; prefix: string; mongoTimeoutMs?: number }) {
  const client: MongoClient = createMongoClient({ uri: options.mongodbUri, serverSelectionTimeoutMs: options.mongoTimeoutMs ?? 1500, monitorCommands: true });
  const db = (name: string) => client.db(`${options.prefix}_${name}`);
  const gatewayPort = await freePort();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;

  const channels = await createChannelsServer(db('channels')).listen(0);
  const chosen = await resolveServingModel(new ModelRegistry(db('engagement')), 'engagement', () => readEngagementArtifact());
  const model = await EngagementModel.load({ onnx: chosen.onnx, metadata: chosen.metadata, executionProvider: 'cpu', threads: 1 });
  const supergraph = new SupergraphClient({ url: gatewayUrl, timeoutMs: 5000, caller: 'engagement' });
  const engagement = await createEngagementServer({
    db: db('engagement'),
    serving: { model, source: chosen.source },
    histories: supergraphChannelHistory(supergraph),
  }).listen(0);
  const gateway = await createGatewayServer({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    urlOverrides: { channels: channels.url, engagement: engagement.url },
    healthTimeoutMs: 3000,
  }).listen(gatewayPort);

  /** Posts a GraphQL operation to the gateway, as a client would. */
  async function query<T = Record<string, any>>(source: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: source, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  /** Runs `action` and returns the write commands (insert, update, delete) it sent to `collection`, by name. */
  async function writesTo<R>(collection: string, action: () => Promise<R>): Promise<{ result: R; writes: string[] }> {
    const writes: string[] = [];
    const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (['insert', 'update', 'delete', 'findAndModify'].includes(event.commandName) && event.command[event.commandName] === collection) writes.push(event.commandName);
    };
    client.on('commandStarted', listener);
    try {
      return { result: await action(), writes };
    } finally {
      client.off('commandStarted', listener);
    }
  }

  return {
    gatewayUrl: gateway.url,
    client,
    db,
    model,
    /** The engagement subgraph's reads through the gateway. */
    supergraph,
    query,
    writesTo,
    async stop() {
      await gateway.stop();
      await engagement.stop();
      await channels.stop();
      await model.dispose();
      await client.close();
    },
  };
}
