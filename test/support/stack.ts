import { readFileSync } from 'node:fs';
import type { MongoClient } from 'mongodb';
import { createMongoClient } from '@telepulse/platform/mongo';
import { discoverSubgraphs } from '@telepulse/platform/discover-subgraphs';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { startSubgraph, type RunningSubgraph } from '@telepulse/platform/run-subgraph';
import { isService, type ServiceManifest, type SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { freePort } from '@telepulse/devstack/ports';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { EVERY_SCOPE, mintUserToken, type UserTokenClaims } from '@telepulse/devstack/user-token';
import { bodySha256, gatewayProofHeaders, signGatewayProof, type GatewayProof } from '@telepulse/platform/gateway-proof';
import { createGatewayServer } from '@telepulse/gateway/server';
import type { ServiceHealthReport } from '@telepulse/platform/health';
import { gatewayAdaptation, gatewayLimits, gatewaySubscriptions, loadEnv as loadGatewayEnv } from '@telepulse/gateway/env';
import { modelCatalog } from '@telepulse/models/catalog/model-catalog';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> & { code?: string } }[];
}

/** A model's `ServingStats` as the gateway answers it (dates as ISO strings). */
export interface ServingStatsResult {
  model: { id: string };
  version: string;
  since: string;
  items: number;
  runs: number;
  failures: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  meanBatchSize: number | null;
}

export interface QueryOptions {
  /** The bearer token to send: by default one with every scope; null sends none (anonymous). */
  token?: string | null;
  headers?: Record<string, string>;
}

/**
 * The whole supergraph in this process, over real HTTP on loopback ports: every discovered
 * subgraph (models on the CPU, one worker thread each) and the gateway, on one MongoDB under a
 * database prefix of the test's own, with secrets of its own (client tokens, gateway proofs).
 * `env` holds settings for the subgraphs and the gateway alike (`MAX_DEPTH`,
 * `MAX_PREDICTION_BATCH` …); every limit is at its default except the rate limit, off unless
 * `env` sets RATE_LIMIT_REQUESTS: a test sends requests far faster than any client should.
 * Subscriptions (SUBSCRIPTION_RETRY_WAIT_MS …) take their settings from `env` too.
 * `gatewayDeadlineMs`: the gateway's GATEWAY_DEADLINE_MS (default 30 s).
 */
export async function startStack(options: { mongodbUri: string; prefix: string; mongoTimeoutMs?: number; env?: Record<string, string>; gatewayDeadlineMs?: number }) {
  const client: MongoClient = createMongoClient({ uri: options.mongodbUri, serverSelectionTimeoutMs: options.mongoTimeoutMs ?? 1500, monitorCommands: true });
  const db = (name: string) => client.db(`${options.prefix}_${name}`);
  const gatewayPort = await freePort();
  // Learning's port is known before anything starts: the predicting subgraphs follow it from their start.
  const learningPort = await freePort();
  // Every subgraph's settings in tests: the gateway below, and inference small enough for a shared two-core machine.
  // The background pollers (monitoring, drift, feedback's ingest) and the model followers are off unless a test
  // turns them on: their commands would land in other tests' database command counts at random.
  const pollersOff = { MONITORING_POLL_MS: '0', DRIFT_POLL_MS: '0', FEEDBACK_POLL_MS: '0', MODEL_SYNC_MS: '0' };
  const env = {
    GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/graphql`,
    LEARNING_URL: `http://127.0.0.1:${learningPort}`,
    ORT_EXECUTION_PROVIDER: 'cpu',
    INFERENCE_THREADS: '1',
    ...pollersOff,
    ...options.env,
  };
  const secrets = { userTokens: randomSecret(), subgraphs: randomSecret() };

  const subgraphs = new Map<string, RunningSubgraph<SubgraphRuntime<any>>>();
  /** Each subgraph's database (without the prefix), stopped ones included. */
  const databaseOf = new Map<string, string>();
  /** Where a subgraph stopped by `stopSubgraph` listened: the gateway still routes there. */
  const stoppedPorts = new Map<string, number>();
  /** Further replicas and gateways started by `startReplica` / `startGateway`, stopped first. */
  const extras: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const extra of extras.splice(0).reverse()) await extra.stop();
    for (const running of [...subgraphs.values()].reverse()) await running.stop();
    await client.close();
  };
  let gateway: Awaited<ReturnType<ReturnType<typeof createGatewayServer>['listen']>>;
  /** Starts the gateway on its port (again, after `stopGateway`), over the running subgraphs. */
  let startGateway: () => Promise<typeof gateway>;
  /** A gateway over the subgraphs with the given routes (name → URL), the stack's settings and secrets. */
  let gatewayOver: (routes: Record<string, string>) => ReturnType<typeof createGatewayServer>;
  let gatewayRunning = true;
  try {
    // Learning first: it seeds the registry the predicting subgraphs follow.
    const services = (await discoverSubgraphs()).filter(isService).sort((a, b) => Number(b.name === 'learning') - Number(a.name === 'learning'));
    for (const manifest of services) {
      databaseOf.set(manifest.name, manifest.database);
      const port = manifest.name === 'learning' ? learningPort : 0;
      subgraphs.set(manifest.name, await startSubgraph(manifest, { db: db(manifest.database), env }, { port, subgraphSecret: secrets.subgraphs }));
    }
    // The pipeline does not start on drift alerts unless a test says so (ADAPTATION_ON_DRIFT): a learning job it started would land in other tests' work.
    const gatewayEnv = loadGatewayEnv({ RATE_LIMIT_REQUESTS: '0', ADAPTATION_ON_DRIFT: 'false', AUTH_JWT_SECRET: secrets.userTokens, SUBGRAPH_SECRET: secrets.subgraphs, ...options.env });
    // Where the subgraphs listen now: a restarted gateway routes there too, to a stopped one's port as well.
    const urlOverrides = Object.fromEntries([...subgraphs].map(([name, running]) => [name, running.url]));
    gatewayOver = (routes) =>
      createGatewayServer({
        supergraphSdl: readFileSync(supergraphPath, 'utf8'),
        urlOverrides: routes,
        healthTimeoutMs: 3000,
        limits: gatewayLimits(gatewayEnv),
        subscriptions: gatewaySubscriptions(gatewayEnv),
        adaptation: gatewayAdaptation(gatewayEnv),
        deadlineMs: options.gatewayDeadlineMs,
        userTokens: { jwtSecret: secrets.userTokens },
        subgraphSecret: secrets.subgraphs,
      });
    startGateway = () => gatewayOver(urlOverrides).listen(gatewayPort);
    gateway = await startGateway();
  } catch (error) {
    await stopAll();
    throw error;
  }

  const running = (manifest: ServiceManifest<any>) => {
    const found = subgraphs.get(manifest.name);
    if (!found) throw new Error(`subgraph ${manifest.name} is not running in this stack`);
    return found;
  };

  /** A client token the gateway accepts: every scope by default. */
  const token = (claims: Partial<UserTokenClaims> = {}) => mintUserToken(secrets.userTokens, { scopes: EVERY_SCOPE, ...claims });
  const everyScope = await token();

  /** Posts a GraphQL operation to the gateway, as a client would: with a token of every scope unless told otherwise. */
  async function query<T = Record<string, any>>(source: string, variables?: Record<string, unknown>, { token = everyScope, headers = {} }: QueryOptions = {}): Promise<GraphQLResponse<T>> {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query: source, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  /**
   * Posts `body` straight to a subgraph, with a gateway proof minted by the platform's helper
   * over that body (anonymous, fresh trace, 30 s) unless `proof` overrides parts of it, or with
   * the `headers` given instead (`proof: null`: none). Resolves with the raw response.
   */
  async function subgraphRequest(
    manifest: ServiceManifest<any>,
    body: string,
    { proof = {}, secret = secrets.subgraphs, issuedAt, signal }: { proof?: Partial<GatewayProof> | null; secret?: string; issuedAt?: Date; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'apollo-require-preflight': 'true' };
    if (proof) {
      const full: GatewayProof = { audience: manifest.name, identity: null, trace: { requestId: 'direct', via: [] }, timeoutMs: 30_000, bodySha256: bodySha256(body), ...proof };
      Object.assign(headers, gatewayProofHeaders(await signGatewayProof(secret, full, issuedAt)));
    }
    return fetch(running(manifest).url, { method: 'POST', headers, body, ...(signal ? { signal } : {}) });
  }

  /**
   * Runs `action` and returns every database command it caused, in any subgraph of the stack,
   * as `<subgraph>.<collection> <command>` (e.g. `channels.subscriber_counts find`), in the
   * order sent: a subgraph's database round trips, told apart by the database each command
   * names. Commands without a collection (ping, hello) are left out.
   */
  async function commandsDuring<R>(action: () => Promise<R>): Promise<{ result: R; commands: string[] }> {
    const subgraphOf = new Map([...databaseOf].map(([name, database]) => [`${options.prefix}_${database}`, name]));
    const commands: string[] = [];
    const listener = (event: { commandName: string; databaseName: string; command: Record<string, unknown> }) => {
      const subgraph = subgraphOf.get(event.databaseName);
      const collection = event.command[event.commandName];
      if (subgraph && typeof collection === 'string') commands.push(`${subgraph}.${collection} ${event.commandName}`);
    };
    client.on('commandStarted', listener);
    try {
      return { result: await action(), commands };
    } finally {
      client.off('commandStarted', listener);
    }
  }

  /** Runs `action` and returns the write commands (insert, update, delete) it sent to `collection` (or any of several; '*': to any collection), by name. */
  async function writesTo<R>(collection: string | readonly string[], action: () => Promise<R>): Promise<{ result: R; writes: string[] }> {
    const collections = new Set(typeof collection === 'string' ? [collection] : collection);
    const writes: string[] = [];
    const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (['insert', 'update', 'delete', 'findAndModify'].includes(event.commandName) && (collections.has('*') || collections.has(event.command[event.commandName] as string))) writes.push(event.commandName);
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
    /** Where clients subscribe (graphql-ws): the gateway's /graphql over WebSocket. */
    wsUrl: gateway.url.replace(/^http/, 'ws'),
    client,
    db,
    query,
    token,
    /** The secrets this stack's services share, for a test that starts another gateway over the same subgraphs. */
    secrets,
    subgraphRequest,
    writesTo,
    commandsDuring,
    /** What GET /metrics answers (Prometheus text) on the gateway, or on the given running subgraph. */
    async metricsText(manifest?: ServiceManifest<any>): Promise<string> {
      const response = await fetch(new URL('/metrics', manifest ? running(manifest).url : gateway.url));
      if (!response.ok) throw new Error(`GET /metrics of ${manifest?.name ?? 'the gateway'} answered ${response.status}: ${await response.text()}`);
      return response.text();
    },
    /** What a subgraph's runtime factory built in this stack (its model, for instance). */
    runtime<R extends SubgraphRuntime<any>>(manifest: ServiceManifest<R>): R {
      return running(manifest).runtime as R;
    },
    /**
     * The model runs each running subgraph's batchers have made so far, by `<subgraph>/<model>`,
     * as its own /health reports them (the `model:<name>` checks): ONNX runs and the requests they carried.
     */
    async modelRuns(): Promise<Record<string, { batches: number; requests: number }>> {
      const runs: Record<string, { batches: number; requests: number }> = {};
      for (const [name, subgraph] of subgraphs) {
        const report = (await (await fetch(new URL('/health', subgraph.url))).json()) as ServiceHealthReport;
        for (const check of report.checks.filter((c) => c.name.startsWith('model:'))) {
          runs[`${name}/${check.name.slice('model:'.length)}`] = { batches: Number(check.details?.batches), requests: Number(check.details?.requests) };
        }
      }
      return runs;
    },
    /**
     * Every catalog model's serving counters, by model id, in one anonymous request through the
     * gateway (each under its catalog `serving` field), as monitoring asks for them.
     */
    async servingStats(): Promise<Record<string, ServingStatsResult>> {
      const models = modelCatalog();
      const alias = (id: string) => `m_${id.replace(/-/g, '_')}`;
      const fields = 'model { id } version since items runs failures latencyP50Ms latencyP99Ms meanBatchSize';
      const result = await query<Record<string, ServingStatsResult>>(`{ ${models.map((m) => `${alias(m.id)}: ${m.serving} { ${fields} }`).join(' ')} }`, undefined, { token: null });
      if (result.errors || !result.data) throw new Error(`serving counters through the gateway: ${JSON.stringify(result.errors)}`);
      return Object.fromEntries(models.map((m) => [m.id, result.data![alias(m.id)]!]));
    },
    /** Stops one subgraph (its server and runtime), as an outage: the gateway keeps routing to its port, where nothing answers. */
    async stopSubgraph(manifest: ServiceManifest<any>) {
      const stopping = running(manifest);
      subgraphs.delete(manifest.name);
      stoppedPorts.set(manifest.name, stopping.port);
      await stopping.stop();
    },
    /** Starts a subgraph stopped by `stopSubgraph` again, on the port the gateway routes to. */
    async restartSubgraph(manifest: ServiceManifest<any>) {
      const port = stoppedPorts.get(manifest.name);
      if (port === undefined) throw new Error(`subgraph ${manifest.name} was not stopped by stopSubgraph`);
      subgraphs.set(manifest.name, await startSubgraph(manifest, { db: db(manifest.database), env }, { port, subgraphSecret: secrets.subgraphs }));
      stoppedPorts.delete(manifest.name);
    },
    /** Stops the gateway, as an outage: clients find nothing listening on its port until `restartGateway`. */
    async stopGateway() {
      gatewayRunning = false;
      await gateway.stop();
    },
    /** Starts the gateway stopped by `stopGateway` again, on the same port, over the same subgraphs. */
    async restartGateway() {
      if (gatewayRunning) throw new Error('the gateway is running: stopGateway first');
      gateway = await startGateway();
      gatewayRunning = true;
    },
    /**
     * Starts another replica of a subgraph: the same database and settings (`env` added), a port
     * of its own; the stack's gateway keeps routing to the first. Stopped with the stack.
     */
    async startReplica<R extends SubgraphRuntime<any>>(manifest: ServiceManifest<R>, extraEnv: Record<string, string> = {}): Promise<RunningSubgraph<R>> {
      const replica = await startSubgraph(manifest, { db: db(manifest.database), env: { ...env, ...extraEnv } }, { port: 0, subgraphSecret: secrets.subgraphs });
      extras.push(replica);
      return replica;
    },
    /**
     * Starts another gateway on a port of its own, with the stack's settings and secrets, over
     * the stack's subgraphs except where `routes` (subgraph name → URL) says otherwise (another
     * replica). Stopped with the stack. Resolves with where it listens.
     */
    async startGateway(routes: Record<string, string> = {}): Promise<{ url: string; stop(): Promise<void> }> {
      const other = await gatewayOver({ ...Object.fromEntries([...subgraphs].map(([name, running]) => [name, running.url])), ...routes }).listen(await freePort());
      extras.push(other);
      return other;
    },
    /** Where a subgraph of this stack serves GraphQL (its /health is on the same origin). */
    url: (manifest: ServiceManifest<any>) => running(manifest).url,
    async stop() {
      if (gatewayRunning) await gateway.stop();
      await stopAll();
    },
  };
}
