import { readFileSync } from 'node:fs';
import type { MongoClient } from 'mongodb';
import { createMongoClient } from '@telepulse/platform/mongo';
import { discoverSubgraphs } from '@telepulse/platform/discover-subgraphs';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { startSubgraph, type RunningSubgraph } from '@telepulse/platform/run-subgraph';
import { isService, type ServiceManifest, type SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { freePort } from '@telepulse/devstack/ports';
import { createGatewayServer } from '@telepulse/gateway/server';
import { gatewayLimits, loadEnv as loadGatewayEnv } from '@telepulse/gateway/env';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> & { code?: string } }[];
}

/**
 * The whole supergraph in this process, over real HTTP on loopback ports: every discovered
 * subgraph (models on the CPU, one worker thread each) and the gateway, on one MongoDB under a
 * database prefix of the test's own. `env` holds settings for the subgraphs and the gateway
 * alike (`MAX_DEPTH`, `MAX_PREDICTION_BATCH` …); every limit is at its default except the
 * rate limit, off unless `env` sets RATE_LIMIT_REQUESTS: a test sends requests far faster than
 * any client should.
 */
export async function startStack(options: { mongodbUri: string; prefix: string; mongoTimeoutMs?: number; env?: Record<string, string> }) {
  const client: MongoClient = createMongoClient({ uri: options.mongodbUri, serverSelectionTimeoutMs: options.mongoTimeoutMs ?? 1500, monitorCommands: true });
  const db = (name: string) => client.db(`${options.prefix}_${name}`);
  const gatewayPort = await freePort();
  // Every subgraph's settings in tests: the gateway below, and inference small enough for a shared two-core machine.
  const env = { GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/graphql`, ORT_EXECUTION_PROVIDER: 'cpu', INFERENCE_THREADS: '1', ...options.env };

  const subgraphs = new Map<string, RunningSubgraph<SubgraphRuntime<any>>>();
  const stopAll = async () => {
    for (const running of [...subgraphs.values()].reverse()) await running.stop();
    await client.close();
  };
  let gateway: Awaited<ReturnType<ReturnType<typeof createGatewayServer>['listen']>>;
  try {
    for (const manifest of (await discoverSubgraphs()).filter(isService)) {
      subgraphs.set(manifest.name, await startSubgraph(manifest, { db: db(manifest.database), env }, { port: 0 }));
    }
    gateway = await createGatewayServer({
      supergraphSdl: readFileSync(supergraphPath, 'utf8'),
      urlOverrides: Object.fromEntries([...subgraphs].map(([name, running]) => [name, running.url])),
      healthTimeoutMs: 3000,
      limits: gatewayLimits(loadGatewayEnv({ RATE_LIMIT_REQUESTS: '0', ...options.env })),
    }).listen(gatewayPort);
  } catch (error) {
    await stopAll();
    throw error;
  }

  const running = (manifest: ServiceManifest<any>) => {
    const found = subgraphs.get(manifest.name);
    if (!found) throw new Error(`subgraph ${manifest.name} is not running in this stack`);
    return found;
  };

  /** Posts a GraphQL operation to the gateway, as a client would. */
  async function query<T = Record<string, any>>(source: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: source, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  /** Runs `action` and returns the write commands (insert, update, delete) it sent to `collection` ('*': to any collection), by name. */
  async function writesTo<R>(collection: string, action: () => Promise<R>): Promise<{ result: R; writes: string[] }> {
    const writes: string[] = [];
    const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (['insert', 'update', 'delete', 'findAndModify'].includes(event.commandName) && (collection === '*' || event.command[event.commandName] === collection)) writes.push(event.commandName);
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
    query,
    writesTo,
    /** What a subgraph's runtime factory built in this stack (its model, for instance). */
    runtime<R extends SubgraphRuntime<any>>(manifest: ServiceManifest<R>): R {
      return running(manifest).runtime as R;
    },
    /** Where a subgraph of this stack serves GraphQL (its /health is on the same origin). */
    url: (manifest: ServiceManifest<any>) => running(manifest).url,
    async stop() {
      await gateway.stop();
      await stopAll();
    },
  };
}
