/**
 * The whole supergraph as real processes, as `pnpm start` runs it (scripts/start.ts), with
 * replicas: every subgraph its own process (`replicas[name]` of them, each on a port of its own,
 * default one), and `gateways` gateway processes, each routing to every replica of each
 * subgraph (SUBGRAPH_<NAME>_URL listing them). On the test's MongoDB under its prefix, with
 * secrets of its own, the background pollers and model followers off as in stack.ts. For tests
 * that kill a process (SIGKILL) and watch the rest carry on; `stop` ends whatever is left.
 *
 * The subgraphs call back through the gateway (GATEWAY_URL: engagement reads channel histories
 * through the supergraph) at the LAST gateway: on a cluster that URL is the gateways' Service,
 * which routes around a dead pod; on one machine there is nothing in front of the gateways, so a
 * test that kills a gateway kills another than the last.
 */
import { discoverSubgraphs } from '@telepulse/platform/discover-subgraphs';
import { repoRoot } from '@telepulse/platform/repo-layout';
import { isService, portVariable, urlVariable, type ServiceManifest } from '@telepulse/platform/subgraph-manifest';
import { GATEWAY_DEFAULT_NODE_FLAGS } from '@telepulse/gateway/env';
import { freePort } from '@telepulse/devstack/ports';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { hasExited, startServiceProcess, stopChild, waitForHttp, type ServiceProcess } from '@telepulse/devstack/service-process';
import { EVERY_SCOPE, mintUserToken } from '@telepulse/devstack/user-token';

/** One running process of the stack: a subgraph replica or a gateway. */
export interface StackProcess {
  /** `engagement#1`, `gateway#0` … */
  label: string;
  /** Its GraphQL URL on loopback (its /health and /metrics on the same origin). */
  url: string;
  process: ServiceProcess;
  /** SIGKILL, as a crash or an OOM kill would end it; resolves once it has exited. */
  kill(): Promise<void>;
}

export interface ProcessStackOptions {
  mongodbUri: string;
  prefix: string;
  /** Replicas per subgraph name; one for every subgraph not named. */
  replicas?: Record<string, number>;
  /** Gateway processes (default 1). */
  gateways?: number;
  /** More settings for every subgraph process. */
  env?: Record<string, string>;
}

/** How long one process may take to answer /health: tsx compiles its whole graph at start, slow on a busy shared machine. */
const STARTUP_MS = 300_000;
/** Processes starting at once: more only makes each start slower on two cores. */
const STARTING_AT_ONCE = 3;

export async function startProcessStack(options: ProcessStackOptions) {
  const manifests = (await discoverSubgraphs()).filter(isService);
  const secrets = { userTokens: randomSecret(), subgraphs: randomSecret() };
  const gatewayPorts = await Promise.all(Array.from({ length: options.gateways ?? 1 }, () => freePort()));
  const gatewayUrls = gatewayPorts.map((port) => `http://127.0.0.1:${port}/graphql`);
  const replicaPorts = new Map<string, number[]>();
  for (const manifest of manifests) {
    replicaPorts.set(manifest.name, await Promise.all(Array.from({ length: options.replicas?.[manifest.name] ?? 1 }, () => freePort())));
  }
  const learningPort = replicaPorts.get('learning')?.[0];
  const all: StackProcess[] = [];

  const launch = async (label: string, entry: string, port: number, env: Record<string, string>, nodeFlags: string[] = []): Promise<StackProcess> => {
    const process = startServiceProcess(label, entry, env, repoRoot, nodeFlags);
    const running: StackProcess = {
      label,
      url: `http://127.0.0.1:${port}/graphql`,
      process,
      kill: () =>
        new Promise<void>((resolve) => {
          if (hasExited(process.child)) return resolve();
          process.child.once('exit', () => resolve());
          process.child.kill('SIGKILL');
        }),
    };
    all.push(running);
    await waitForHttp(`http://127.0.0.1:${port}/health`, process, STARTUP_MS);
    return running;
  };

  const subgraphEnv = (manifest: ServiceManifest, port: number): Record<string, string> => ({
    MONGODB_URI: options.mongodbUri,
    MONGODB_DB_PREFIX: options.prefix,
    SUBGRAPH_SECRET: secrets.subgraphs,
    [portVariable(manifest.name)]: String(port),
    GATEWAY_URL: gatewayUrls.at(-1)!,
    ...(learningPort !== undefined ? { LEARNING_URL: `http://127.0.0.1:${learningPort}` } : {}),
    ORT_EXECUTION_PROVIDER: 'cpu',
    INFERENCE_THREADS: '1',
    // As in stack.ts: no background work a test did not ask for.
    MONITORING_POLL_MS: '0',
    DRIFT_POLL_MS: '0',
    FEEDBACK_POLL_MS: '0',
    MODEL_SYNC_MS: '0',
    ...options.env,
  });

  const subgraphs = new Map<string, StackProcess[]>();
  const gateways: StackProcess[] = [];
  const stop = async () => {
    await Promise.all(all.map((running) => stopChild(running.process.child)));
  };
  try {
    // Learning first: it seeds the model registry the predicting subgraphs load from at their start.
    const ordered = [...manifests].sort((a, b) => Number(b.name === 'learning') - Number(a.name === 'learning'));
    const startReplicas = (manifest: ServiceManifest) =>
      Promise.all(replicaPorts.get(manifest.name)!.map((port, i) => launch(`${manifest.name}#${i}`, manifest.entry, port, subgraphEnv(manifest, port)))).then((started) =>
        subgraphs.set(manifest.name, started),
      );
    if (ordered[0]?.name === 'learning') await startReplicas(ordered.shift()!);
    const queue = [...ordered];
    await Promise.all(Array.from({ length: STARTING_AT_ONCE }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await startReplicas(next);
    }));
    const routing = Object.fromEntries(manifests.map((m) => [urlVariable(m.name), replicaPorts.get(m.name)!.map((port) => `http://127.0.0.1:${port}/graphql`).join(',')]));
    const gatewayEnv = (port: number): Record<string, string> => ({
      GATEWAY_PORT: String(port),
      LANDING_PAGE: 'off',
      AUTH_JWT_SECRET: secrets.userTokens,
      SUBGRAPH_SECRET: secrets.subgraphs,
      RATE_LIMIT_REQUESTS: '0',
      ADAPTATION_ON_DRIFT: 'false',
      ...routing,
    });
    gateways.push(
      ...(await Promise.all(
        gatewayPorts.map((port, i) => launch(`gateway#${i}`, 'gateway/src/index.ts', port, gatewayEnv(port), GATEWAY_DEFAULT_NODE_FLAGS.split(' '))),
      )),
    );
  } catch (error) {
    await stop();
    throw error;
  }

  const everyScope = await mintUserToken(secrets.userTokens, { scopes: [...EVERY_SCOPE] });

  /** Posts a GraphQL operation to `url` (a gateway's) with a token of every scope. */
  async function query<T = Record<string, any>>(url: string, source: string, variables?: Record<string, unknown>) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${everyScope}` },
      body: JSON.stringify({ query: source, variables }),
    });
    return (await response.json()) as { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  }

  /** A process's /metrics (loopback only), as text. */
  async function metrics(running: StackProcess): Promise<string> {
    const response = await fetch(new URL('/metrics', running.url));
    if (!response.ok) throw new Error(`${running.label} answered /metrics with HTTP ${response.status}`);
    return response.text();
  }

  return { subgraphs, gateways, secrets, token: everyScope, query, metrics, stop };
}

export type ProcessStack = Awaited<ReturnType<typeof startProcessStack>>;
