import { readServingEnv, readSubgraphProcessEnv } from './env.js';
import { createMongoClient } from './mongo.js';
import { observeMongoCommands } from './mongo-command-metrics.js';
import { runService } from './run-service.js';
import { ServiceMetrics } from './service-metrics.js';
import { createSubgraphServer, type RunningServer } from './subgraph-server.js';
import { readSubgraphSdl, type ServiceManifest, type SubgraphDeps, type SubgraphRuntime } from './subgraph-manifest.js';

export interface RunningSubgraph<R extends SubgraphRuntime<any>> extends RunningServer {
  /** What the manifest's runtime factory built (its model, for instance). */
  runtime: R;
}

/**
 * Builds a subgraph from its manifest (imports its runtime part, creates the runtime) and
 * serves it on `port` (0: any free one), to requests the gateway signed with `subgraphSecret`.
 * Its metrics (served on /metrics, handed to the runtime) time the commands on its database
 * when the client monitors commands. Stopping it stops the server, then disposes the runtime;
 * the database client belongs to the caller.
 */
export async function startSubgraph<R extends SubgraphRuntime<any>>(
  manifest: ServiceManifest<R>,
  deps: Omit<SubgraphDeps, 'subgraphSecret' | 'metrics'>,
  listen: { port: number; host?: string; subgraphSecret: string; metricsPort?: number },
): Promise<RunningSubgraph<R>> {
  const { createRuntime } = await manifest.load();
  const metrics = new ServiceMetrics(manifest.name);
  observeMongoCommands(deps.db, metrics);
  let runtime: R;
  try {
    runtime = await createRuntime({ ...deps, subgraphSecret: listen.subgraphSecret, metrics });
  } catch (error) {
    metrics.close();
    throw error;
  }
  let running: RunningServer;
  try {
    const server = createSubgraphServer({
      name: manifest.name,
      sdl: readSubgraphSdl(manifest),
      resolvers: runtime.resolvers,
      context: runtime.context,
      probes: runtime.probes,
      routes: runtime.routes,
      models: manifest.models,
      metrics,
      metricsPort: listen.metricsPort,
      serving: readServingEnv(deps.env),
      subgraphSecret: listen.subgraphSecret,
    });
    running = await server.listen(listen.port, listen.host);
  } catch (error) {
    metrics.close();
    await runtime.dispose?.();
    throw error;
  }
  return {
    ...running,
    runtime,
    async stop() {
      await running.stop();
      await runtime.dispose?.();
    },
  };
}

/**
 * A subgraph's process (`src/index.ts`: `await runSubgraph(manifest)`): reads MONGODB_URI,
 * MONGODB_DB_PREFIX, MONGODB_TIMEOUT_MS, HOST, `<NAME>_PORT`, SUBGRAPH_SECRET and METRICS_PORT, opens the MongoDB client on
 * `<prefix>_<database>` (its commands timed into the subgraph's metrics), serves the subgraph, and on SIGINT/SIGTERM stops the server, disposes
 * the runtime and closes the client. Exits non-zero when it cannot start.
 */
export async function runSubgraph(manifest: ServiceManifest<SubgraphRuntime<any>>): Promise<void> {
  await runService(manifest.name, async () => {
    const env = readSubgraphProcessEnv(manifest.name, manifest.port);
    // Command events feed the subgraph's database timings (telepulse_mongodb_command_duration_seconds).
    const client = createMongoClient({ uri: env.MONGODB_URI, serverSelectionTimeoutMs: env.MONGODB_TIMEOUT_MS, monitorCommands: true });
    try {
      const db = client.db(`${env.MONGODB_DB_PREFIX}_${manifest.database}`);
      const running = await startSubgraph(manifest, { db, env: process.env }, { port: env.port, host: env.HOST, subgraphSecret: env.SUBGRAPH_SECRET, metricsPort: env.METRICS_PORT });
      return { url: running.url, stop: async () => (await running.stop(), await client.close()) };
    } catch (error) {
      await client.close();
      throw error;
    }
  });
}
