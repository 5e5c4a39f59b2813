import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import type { Db } from 'mongodb';
import type { HealthProbe } from './health.js';
import type { RequestScope } from './request-scope.js';
import type { ServiceMetrics } from './service-metrics.js';

/**
 * A subgraph's manifest: the one place that defines it. Its static fields (name, port, SDL,
 * database, models, codegen mappers) are read by compose, codegen, `pnpm start` and the test
 * stack without loading any of its code; the runtime part (resolvers, context, probes) is
 * imported only when it starts. Manifests live in `subgraphs/<name>/subgraph.ts` (and
 * `gateway/src/<name>/subgraph.ts` for those the gateway runs in-process) and are discovered.
 */

/** A subgraph's name and the URL it is routed to: the one shape for it everywhere. */
export interface SubgraphEndpoint {
  name: string;
  url: string;
}

/** What a subgraph's runtime part gives the shared server. */
export interface SubgraphRuntime<Context = unknown> {
  /** The resolver map, typed by codegen (`Resolvers`). Scalars shared by the platform are added for it. */
  resolvers: Record<string, unknown>;
  /**
   * Builds a fresh context per request (fresh DataLoaders), knowing which request it serves,
   * for whom, and its signal: pass it to reads through the gateway and to every write (`assertLive`).
   */
  context: (scope: RequestScope) => Context | Promise<Context>;
  /** Checks run on every `/health` request. */
  probes: readonly HealthProbe[];
  /** Releases what the runtime created (worker threads, timers); the MongoDB client is closed after it. */
  dispose?: () => Promise<void>;
  /**
   * Further HTTP routes on the subgraph's own server, beside /graphql and /health (a
   * service-to-service API, which must check its callers itself: only /graphql is admitted by the platform).
   */
  routes?: (app: Express) => void;
}

/** What a subgraph's runtime is built from. */
export interface SubgraphDeps {
  /** The subgraph's own database, `<MONGODB_DB_PREFIX>_<database>`. */
  db: Db;
  /** Where it reads its own settings: `process.env` when it runs on its own, a test's values in the test stack. */
  env: Readonly<Record<string, string | undefined>>;
  /** SUBGRAPH_SECRET: what proofs between services are signed and checked with (the gateway's, and calls of one subgraph to another). */
  subgraphSecret: string;
  /**
   * The subgraph's metrics, served on its /metrics: where its runtime registers what it counts
   * itself (`registerHitCounter` for a cache). Left out when a runtime is built without a server (tests).
   */
  metrics?: ServiceMetrics;
}

/** The module a manifest's `load` imports: `src/server.ts`, which starts nothing by being imported. */
export interface SubgraphModule<R extends SubgraphRuntime<any>> {
  createRuntime(deps: SubgraphDeps): Promise<R>;
}

interface CommonDefinition {
  /** Lower-case, the folder's name: the supergraph's graph name, `<NAME>_PORT`, `SUBGRAPH_<NAME>_URL`. */
  name: string;
  /** The folder the paths below are relative to: pass `import.meta.dirname`. */
  dir: string;
  /** Default port; the URL composed into the supergraph points at it. */
  port: number;
  /** The SDL file, relative to `dir`. Default `schema.graphql`. */
  schema?: string;
  /** Where resolvers, `context.ts` and `__generated__/` live, relative to `dir`. Default `src`. */
  src?: string;
  /** Names of the models it serves (sizes the inference worker budget of `pnpm start`). */
  models?: readonly string[];
  /** Codegen mappers: GraphQL type → stored or domain type, as `<path relative to __generated__>#<Type>`. */
  mappers?: Readonly<Record<string, string>>;
  /** The folder (relative to `src`) of its operations against the supergraph, `*.graphql`, typed by codegen. Default `clients`. */
  operations?: string;
}

export interface ServiceDefinition<R extends SubgraphRuntime<any>> extends CommonDefinition {
  /** The MongoDB database it owns, without the deployment prefix. */
  database: string;
  /** Imports the runtime part, e.g. `() => import('./src/server.js')`. */
  load: () => Promise<SubgraphModule<R>>;
}

export interface GatewayHostedDefinition extends CommonDefinition {
  /** Built and served by the gateway in its own process; `port` is the gateway's. */
  hostedBy: 'gateway';
}

interface CommonManifest {
  name: string;
  port: number;
  /** Absolute path of the SDL file. */
  schemaPath: string;
  /** Absolute path of the code folder. */
  srcDir: string;
  models: readonly string[];
  mappers: Readonly<Record<string, string>>;
  /** Absolute path of the folder of its operations against the supergraph (`*.graphql`). */
  operationsDir: string;
  /** The default routing URL, composed into the supergraph. */
  url: string;
}

/** A subgraph that runs as its own process (`src/index.ts`) on its own port and database. */
export interface ServiceManifest<R extends SubgraphRuntime<any> = SubgraphRuntime<any>> extends CommonManifest {
  kind: 'service';
  database: string;
  /** Absolute path of the process entry point (`src/index.ts`). */
  entry: string;
  load: () => Promise<SubgraphModule<R>>;
}

/** A subgraph the gateway runs in-process. */
export interface GatewayHostedManifest extends CommonManifest {
  kind: 'gateway-hosted';
}

export type SubgraphManifest = ServiceManifest | GatewayHostedManifest;

const NAME = /^[a-z][a-z0-9_]*$/;

/** Defines a subgraph (the default export of its `subgraph.ts`). Pure: reads no file. */
export function defineSubgraph<R extends SubgraphRuntime<any>>(definition: ServiceDefinition<R>): ServiceManifest<R>;
export function defineSubgraph(definition: GatewayHostedDefinition): GatewayHostedManifest;
export function defineSubgraph(definition: ServiceDefinition<any> | GatewayHostedDefinition): SubgraphManifest {
  const { name, dir, port } = definition;
  if (!NAME.test(name)) throw new Error(`subgraph name must match ${NAME} (it names env variables and the supergraph's graph), got ${JSON.stringify(name)}`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`subgraph ${name}: port must be 1..65535, got ${port}`);
  const srcDir = join(dir, definition.src ?? 'src');
  const common = {
    name,
    port,
    schemaPath: join(dir, definition.schema ?? 'schema.graphql'),
    srcDir,
    models: definition.models ?? [],
    mappers: definition.mappers ?? {},
    operationsDir: join(srcDir, definition.operations ?? 'clients'),
  };
  if ('hostedBy' in definition) {
    return { ...common, kind: 'gateway-hosted', url: `http://127.0.0.1:${port}/subgraphs/${name}` };
  }
  return {
    ...common,
    kind: 'service',
    url: `http://127.0.0.1:${port}/graphql`,
    database: definition.database,
    entry: join(srcDir, 'index.ts'),
    load: definition.load,
  };
}

/** The subgraph's SDL, read from its file. */
export function readSubgraphSdl(manifest: SubgraphManifest): string {
  return readFileSync(manifest.schemaPath, 'utf8');
}

/** `CHANNELS_PORT` for `channels`: the variable that overrides the subgraph's port. */
export const portVariable = (name: string) => `${name.toUpperCase()}_PORT`;

/** `SUBGRAPH_CHANNELS_URL` for `channels`: the variable that overrides where the gateway routes it. */
export const urlVariable = (name: string) => `SUBGRAPH_${name.toUpperCase()}_URL`;

export const isService = (manifest: SubgraphManifest): manifest is ServiceManifest => manifest.kind === 'service';
