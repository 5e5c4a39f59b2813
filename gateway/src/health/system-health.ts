import { type HealthCheck, type HealthStatus, type ServiceHealthReport } from '@telepulse/platform';
import type { SubgraphEndpoint } from '@telepulse/platform/subgraph-manifest';
import { replicaUrls } from '../transport/replica-urls.js';

export interface ModelHealthView {
  name: string;
  version: string | null;
  loaded: boolean;
  executionProvider: string | null;
}

/** One subgraph as the gateway saw it: its own report, or why it could not be asked. */
export interface ServiceHealthView {
  name: string;
  url: string;
  status: HealthStatus;
  uptimeSeconds: number | null;
  latencyMs: number | null;
  mongodbReachable: boolean | null;
  models: ModelHealthView[];
  checks: HealthCheck[];
  error: string | null;
}

export interface SystemHealthReport {
  status: HealthStatus;
  checkedAt: Date;
  services: ServiceHealthView[];
  /** The gateway's own dependencies (the shared rate-limit store when there is one). */
  gateway: HealthCheck[];
}

/**
 * Asks every subgraph for its own health at once (at /health on the origin of its GraphQL URL),
 * each with a deadline, and rolls the answers up: UP when all are UP, DOWN when none is UP,
 * DEGRADED otherwise (or when one of the gateway's own checks, `gateway`, is not UP). A subgraph
 * that does not answer is DOWN with the reason; it never makes the whole answer fail. A subgraph
 * with several replicas (its routing URL lists them) is asked at each and reported as the
 * healthiest one that answered: UP while any replica is, with a
 * `replicas` check saying how many of how many are UP (each replica's status and error in its
 * details, by URL); the schema stays as it was.
 */
export async function checkSystemHealth(services: readonly SubgraphEndpoint[], timeoutMs: number, gateway: () => HealthCheck[] = () => []): Promise<SystemHealthReport> {
  const views = await Promise.all(services.map((service) => checkService(service, timeoutMs)));
  const own = gateway();
  const status = rollUp(views.map((v) => v.status));
  // A gateway dependency that is not UP degrades a system that is otherwise UP (never to DOWN: requests are still served).
  return { status: status === 'UP' && own.some((c) => c.status !== 'UP') ? 'DEGRADED' : status, checkedAt: new Date(), services: views, gateway: own };
}

/**
 * `check` with its calls in flight shared: a call arriving while one runs gets that one's
 * report instead of starting another sweep. The comprehensive query asks for `systemHealth` with
 * every channel, and each dashboard's status light polls it: without this, each would send every
 * subgraph a /health request and make each ping its database (8 pings a query). A shared report
 * predates the call by at most the sweep it joined (the health timeout, when a subgraph is slow).
 */
export function sharedSweeps(check: () => Promise<SystemHealthReport>): () => Promise<SystemHealthReport> {
  let inFlight: Promise<SystemHealthReport> | undefined;
  return () => (inFlight ??= check().finally(() => (inFlight = undefined)));
}

/** UP when every service is UP, DOWN when none is UP (or there are none), DEGRADED otherwise. */
export function rollUp(statuses: readonly HealthStatus[]): HealthStatus {
  if (statuses.length === 0 || statuses.every((s) => s === 'DOWN')) return 'DOWN';
  return statuses.every((s) => s === 'UP') ? 'UP' : 'DEGRADED';
}

async function checkService(service: SubgraphEndpoint, timeoutMs: number): Promise<ServiceHealthView> {
  const urls = replicaUrls(service.url);
  if (urls.length === 1) return checkReplica(service, timeoutMs);
  const views = await Promise.all(urls.map((url) => checkReplica({ name: service.name, url }, timeoutMs)));
  const rank = { UP: 0, DEGRADED: 1, DOWN: 2 } as const;
  const best = views.reduce((a, b) => (rank[b.status] < rank[a.status] ? b : a));
  const up = views.filter((v) => v.status === 'UP').length;
  const replicas: HealthCheck = {
    name: 'replicas',
    status: up === views.length ? 'UP' : up > 0 ? 'DEGRADED' : 'DOWN',
    details: { up, of: views.length, ...Object.fromEntries(views.map((v) => [v.url, v.error ? `${v.status}: ${v.error}` : v.status])) },
    ...(up < views.length ? { error: `${views.length - up} of ${views.length} replicas not UP` } : {}),
  };
  return { ...best, url: service.url, checks: [...best.checks, replicas] };
}

async function checkReplica({ name, url }: SubgraphEndpoint, timeoutMs: number): Promise<ServiceHealthView> {
  const started = performance.now();
  const base: ServiceHealthView = { name, url, status: 'DOWN', uptimeSeconds: null, latencyMs: null, mongodbReachable: null, models: [], checks: [], error: null };
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(timeoutMs) });
    const latencyMs = round(performance.now() - started);
    const body = (await response.json().catch(() => null)) as ServiceHealthReport | null;
    if (!body || !Array.isArray(body.checks)) {
      // Not one of ours: all we can tell is whether it answers GraphQL.
      return { ...base, ...(await probeGraphQL(url, timeoutMs)), latencyMs };
    }
    return { ...base, ...fromReport(body), latencyMs };
  } catch (error) {
    return { ...base, error: describeFetchError(error, timeoutMs) };
  }
}

function fromReport(report: ServiceHealthReport): Partial<ServiceHealthView> {
  const mongo = report.checks.find((c) => c.name === 'mongodb');
  return {
    status: report.status,
    uptimeSeconds: report.uptimeSeconds,
    checks: report.checks,
    mongodbReachable: mongo ? mongo.status === 'UP' : null,
    models: report.checks
      .filter((c) => c.name.startsWith('model:'))
      .map((c) => ({
        name: c.name.slice('model:'.length),
        version: stringOrNull(c.details?.version),
        loaded: c.details?.loaded === true,
        executionProvider: stringOrNull(c.details?.executionProvider),
      })),
  };
}

async function probeGraphQL(url: string, timeoutMs: number): Promise<Partial<ServiceHealthView>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return response.ok ? { status: 'UP' } : { status: 'DOWN', error: `GraphQL probe answered HTTP ${response.status}` };
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ? `unreachable (${cause.code})` : String(error);
}

const stringOrNull = (value: unknown) => (value === undefined || value === null ? null : String(value));
const round = (ms: number) => Math.round(ms * 10) / 10;
