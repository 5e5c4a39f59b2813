/**
 * `pnpm start`: the whole system on one machine. Storage (MONGODB_URI, else an embedded
 * default), each discovered subgraph as its own process on its port (`<NAME>_PORT`, else its
 * manifest's), then the gateway; the secrets they share (generated when not configured); seeds
 * demo channels when the database is empty, with a token; builds the web dashboard the gateway
 * serves at /dashboard when it is missing or stale (before the services start); prints the
 * URLs (the dashboard's with the development token in its hash) and a development token; Ctrl-C stops everything. Every service is supervised: one that exits on its own (a
 * crash, `kill -9`) is logged and started again with backoff (internal/devstack/src/supervisor.ts).
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { readEnv, port, limitSettings } from '@telepulse/platform/env';
import { discoverSubgraphs } from '@telepulse/platform/discover-subgraphs';
import { isService, portVariable, urlVariable } from '@telepulse/platform/subgraph-manifest';
import { GATEWAY_DEFAULT_NODE_FLAGS, GATEWAY_DEFAULT_PORT, subscriptionSettings } from '@telepulse/gateway/env';
import { defaultSharedDataDir, importDona134Csv, simulateChannels, DONA134_CSV_FILE, type ChannelRecord } from '@telepulse/dataset';
import { resolveStorage } from '@telepulse/devstack/storage';
import { startServiceProcess, waitForHttp } from '@telepulse/devstack/service-process';
import { superviseService, type SupervisedService } from '@telepulse/devstack/supervisor';
import { httpGraphQLClient, seedChannels } from '@telepulse/devstack/seed';
import { localAuth } from '@telepulse/devstack/dev-secrets';
import { ensureDashboardBuilt } from '@telepulse/devstack/dashboard-build';
import { EVERY_SCOPE, mintUserToken } from '@telepulse/devstack/user-token';

const root = join(import.meta.dirname, '..');
const manifests = (await discoverSubgraphs()).filter(isService);
const env = readEnv(
  z.object({
    MONGODB_URI: z.string().optional(),
    MONGODB_DB_PREFIX: z.string().default('telepulse'),
    GATEWAY_PORT: port(GATEWAY_DEFAULT_PORT),
    LANDING_PAGE: z.enum(['sandbox', 'graphiql', 'off']).default('sandbox'),
    DATA_DIR: z.string().default(join(root, '.data')),
    /** Node flags for the gateway process, e.g. its heap bounds (gateway/src/env.ts says why); empty for V8's defaults. */
    GATEWAY_NODE_FLAGS: z
      .string()
      .default(GATEWAY_DEFAULT_NODE_FLAGS)
      .transform((flags) => flags.split(/\s+/).filter(Boolean))
      .refine((flags) => flags.every((flag) => flag.startsWith('--')), 'each flag starts with --, separated by spaces'),
    /** Inference worker threads per served model; by default the machine's cores shared among every served model. */
    INFERENCE_THREADS: z.coerce.number().int().min(1).optional(),
    // Credentials: passed on as set; the secrets are generated when not (see localAuth). The services validate them.
    AUTH_JWT_SECRET: z.string().optional(),
    AUTH_JWKS_URL: z.string().optional(),
    AUTH_ISSUER: z.string().optional(),
    AUTH_AUDIENCE: z.string().optional(),
    SUBGRAPH_SECRET: z.string().optional(),
    GATEWAY_DEADLINE_MS: z.string().optional(),
  }),
);
const auth = localAuth(env, env.DATA_DIR);
const ports: Record<string, number> = readEnv(z.object(Object.fromEntries(manifests.map((m) => [portVariable(m.name), port(m.port)]))));
const log = (line: string) => console.log(`start      | ${line}`);

const resolved = await resolveStorage({ mongodbUri: env.MONGODB_URI, dataDir: env.DATA_DIR, log });
if ('missing' in resolved) {
  console.error(
    [
      'No MongoDB to run on. Either:',
      '  - point at one:      MONGODB_URI=mongodb://127.0.0.1:27017/ npm start',
      '  - or build FerretDB:  npm start   (builds it first; needs Go, about a minute, once)',
      'What was tried:',
      ...resolved.missing.map((reason) => `  - ${reason}`),
    ].join('\n'),
  );
  process.exit(1);
}
const storage = resolved;
log(`storage: ${storage.description} at ${storage.uri}`);

log(auth.description);

const gatewayUrl = `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
// Limits set for this start (MAX_*, RATE_LIMIT_*) reach every service; each reads those it enforces.
const limits = limitSettings(process.env);
const shared = { MONGODB_URI: storage.uri, MONGODB_DB_PREFIX: env.MONGODB_DB_PREFIX, ...limits };
const services: SupervisedService[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('stopping');
    // Every supervisor at once: a Ctrl-C reaches the services too, and one that exits before its supervisor heard of the stop would be restarted.
    await Promise.all([...services].reverse().map((service) => service.stop()));
    await storage.stop();
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  // One worker-thread budget for the machine, not one per model: the cores shared among every served model.
  const servedModels = manifests.reduce((n, m) => n + m.models.length, 0);
  const inferenceThreads = env.INFERENCE_THREADS ?? Math.max(1, Math.floor(availableParallelism() / Math.max(1, servedModels)));
  const learningPort = ports[portVariable('learning')];
  const subgraphs = manifests.map((m) => ({ name: m.name, entry: m.entry, port: ports[portVariable(m.name)]!, models: m.models.length }));
  // Built (when missing or stale) before the services start, so it takes no CPU from their start; a failed build leaves the API up, and /dashboard says how to build it.
  const dashboardBuilt = await ensureDashboardBuilt({ log }).then(
    () => true,
    (error: unknown) => {
      log(`the dashboard could not be built, /dashboard answers 503 until it is: ${(error as Error).message}`);
      return false;
    },
  );
  await Promise.all(
    subgraphs.map((s) =>
      supervise(s.name, s.entry, s.port, {
        // A service's own settings set for this start (LEARNING_EPOCHS, DRIFT_POLL_MS …): those named after it.
        ...ownSettings(s.name, process.env),
        ...shared,
        ...auth.subgraphEnv,
        [portVariable(s.name)]: String(s.port),
        GATEWAY_URL: gatewayUrl,
        // The predicting subgraphs follow the model versions learning activates, wherever it listens.
        ...(learningPort !== undefined ? { LEARNING_URL: `http://127.0.0.1:${learningPort}` } : {}),
        ...(s.models > 0 ? { INFERENCE_THREADS: String(inferenceThreads) } : {}),
      }),
    ),
  );
  await supervise(
    'gateway',
    'gateway/src/index.ts',
    env.GATEWAY_PORT,
    {
      GATEWAY_PORT: String(env.GATEWAY_PORT),
      LANDING_PAGE: env.LANDING_PAGE,
      ...limits,
      ...subscriptionSettings(process.env),
      ...auth.gatewayEnv,
      ...(env.GATEWAY_DEADLINE_MS ? { GATEWAY_DEADLINE_MS: env.GATEWAY_DEADLINE_MS } : {}),
      ...Object.fromEntries(subgraphs.map((s) => [urlVariable(s.name), `http://127.0.0.1:${s.port}/graphql`])),
    },
    env.GATEWAY_NODE_FLAGS,
  );

  // Every scope, so the one token printed below serves the newcomer's every first try; null: tokens come from AUTH_JWKS_URL's provider.
  const devToken = auth.mintingSecret
    ? await mintUserToken(auth.mintingSecret, { subject: 'developer', scopes: EVERY_SCOPE, expiresIn: '7d', issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE })
    : null;
  const client = httpGraphQLClient(gatewayUrl, devToken ?? undefined);
  const demo = await demoChannels();
  const found = await client('query($ids: [ID!]!) { listChannels(limit: 1) { id } channels(ids: $ids) { id } }', { ids: demo.map((c) => c.id) });
  if (found.errors) throw new Error(`cannot list channels: ${found.errors[0]!.message}`);
  const present = new Set((found.data.channels as ({ id: string } | null)[]).flatMap((c) => (c ? [c.id] : [])));
  // Seed an empty database, and finish a demo seed that an earlier start did not complete.
  const missing = found.data.listChannels.length === 0 || present.size > 0 ? demo.filter((c) => !present.has(c.id)) : [];
  if (missing.length > 0 && !devToken) log(`not seeding ${missing.length} demo channels: with AUTH_JWKS_URL alone there is no local token (pnpm seed --token <a token with ingest>)`);
  if (missing.length > 0 && devToken) {
    log(`seeding ${missing.length} demo channels through the API`);
    const totals = await seedChannels(client, missing);
    log(`seeded ${totals.channels} channels, ${totals.inserted} posts`);
  }
  const channelIds = present.size > 0 || missing.length > 0 ? demo.map((c) => c.id) : [found.data.listChannels[0].id as string];

  const example = channelIds[0]!;
  // The token rides in the hash (never sent to the server; the dashboard keeps it and clears the address bar): the best-time heatmap and the admin actions need it.
  const dashboardUrl = `http://127.0.0.1:${env.GATEWAY_PORT}/dashboard/${devToken ? `#token=${devToken}` : ''}`;
  console.log(`
  telepulse is up
    dashboard          ${dashboardBuilt ? dashboardUrl : 'not built (see above); pnpm --filter @telepulse/dashboard build'}
    GraphQL + Sandbox  ${gatewayUrl}   (LANDING_PAGE=graphiql for the offline explorer)
    health             http://127.0.0.1:${env.GATEWAY_PORT}/health
    subgraphs          ${subgraphs.map((s) => `${s.name} :${s.port}`).join(', ')}
    storage            ${storage.description}

  Try:
    { channel(id: "${example}") { engagementPrediction { id predictedEngagement confidence modelVersion }
        growthForecast(days: 7) { points { date value lower80 upper80 } } growthPatterns { trend { dailyGrowthRate direction } } }
      systemHealth { status services { name status } } }
${devToken ? `
  Reads are open; mutations need a token. A development token with every scope (${EVERY_SCOPE.join(' ')}), valid 7 days:

    ${devToken}

  In Sandbox: Connection settings (or the Headers tab) → header  Authorization: Bearer <the token>
  With curl:  -H "Authorization: Bearer <the token>"      Another: pnpm -s token [scope ...]
` : `
  Reads are open; mutations need a token from the identity provider behind AUTH_JWKS_URL.
`}
  Ctrl-C stops everything.
`);
} catch (error) {
  console.error(`start failed: ${(error as Error).message}`);
  await stopAll(1);
}

/** Starts a service as its own process, kept running by a supervisor until stopAll; resolves once it answers on `port`. */
async function supervise(name: string, entry: string, port: number, serviceEnv: Record<string, string>, nodeFlags: string[] = []): Promise<void> {
  const service = superviseService({
    name,
    launch: () => startServiceProcess(name, entry, serviceEnv, root, nodeFlags),
    ready: (process) => waitForHttp(`http://127.0.0.1:${port}/health`, process, 60_000),
    log,
  });
  services.push(service);
  await service.started;
}

/** Simulated channels, plus the real channel under ../shared/data when it is there. */
async function demoChannels(): Promise<ChannelRecord[]> {
  const channels = simulateChannels({ seed: 42, channels: 12, days: 120, idPrefix: 'demo' });
  try {
    channels.push(importDona134Csv(await readFile(join(defaultSharedDataDir(), DONA134_CSV_FILE), 'utf8')));
  } catch {
    // The real data is optional.
  }
  return channels;
}

/** The variables of `source` named after the service `name` (`LEARNING_…` for learning), but its port: what it reads of its own. */
function ownSettings(name: string, source: NodeJS.ProcessEnv): Record<string, string> {
  const prefix = `${name.toUpperCase()}_`;
  return Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => e[0].startsWith(prefix) && e[0] !== portVariable(name) && e[1] !== undefined));
}
