/**
 * One measured stretch of the running system: while an action runs (autocannon driving an
 * operation through the gateway, or nothing, for the background), the CPU time and peak RSS of
 * every process, the MongoDB commands each subgraph sent and the documents each database gained.
 * Figures per request have the background (what the system does unloaded: pollers, model sync)
 * taken out, at its rate over the stretch's length.
 */
import autocannon from 'autocannon';
import type { MongoClient } from 'mongodb';
import { watchProcesses } from '../process-watch.js';
import { commandDelta, readCommandCounts } from './command-counts.js';
import { countDocuments } from './document-counts.js';
import type { Operation } from './operations.js';

/** The running system as the measurements see it. */
export interface System {
  gatewayUrl: string;
  /** Each subgraph's GraphQL URL (its /metrics beside it). */
  subgraphUrls: Record<string, string>;
  /** Every process to watch: the gateway, each subgraph, the database. */
  pids: Record<string, number>;
  client: MongoClient;
  dbPrefix: string;
  token: string;
}

/** What the system did in one stretch, in totals. */
export interface Stretch {
  elapsedMs: number;
  cpuMs: Record<string, number | undefined>;
  peakRssMb: Record<string, number>;
  /** Commands by subgraph and command name. */
  commands: Map<string, Map<string, number>>;
  /** Documents gained (net), by database name without the prefix. */
  documents: Map<string, number>;
}

export interface Measurement {
  operation: Operation;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Answers that were not a clean 200 without GraphQL errors, and socket errors and timeouts, with why. */
  failed: number;
  failures: Map<string, number>;
  /** ms of CPU per request by process, background taken out (not below 0). */
  cpuMsPerRequest: Record<string, number | undefined>;
  peakRssMb: Record<string, number>;
  /** Commands per request by subgraph and command name, background taken out. */
  commandsPerRequest: Map<string, Map<string, number>>;
  /** Documents gained per request, by database. */
  documentsPerRequest: Map<string, number>;
}

/** Runs `action` as one watched stretch. */
export async function stretch(system: System, action: () => Promise<void>): Promise<Stretch> {
  const documentsBefore = await countDocuments(system.client, `${system.dbPrefix}_`);
  const commandsBefore = await readCommandCounts(system.subgraphUrls);
  const watch = watchProcesses(system.pids);
  let use;
  try {
    await action();
  } finally {
    use = watch.stop();
  }
  const commands = commandDelta(commandsBefore, await readCommandCounts(system.subgraphUrls));
  const documentsAfter = await countDocuments(system.client, `${system.dbPrefix}_`);
  const documents = new Map<string, number>();
  for (const [db, n] of documentsAfter) {
    const gained = n - (documentsBefore.get(db) ?? 0);
    if (gained !== 0) documents.set(db.slice(system.dbPrefix.length + 1), gained);
  }
  return { elapsedMs: use.elapsedMs, cpuMs: use.cpuMs, peakRssMb: use.peakRssMb, commands, documents };
}

/**
 * Sends `amount` requests of `operation` through the gateway from `connections` connections,
 * each sending its next request when the previous one has answered, and resolves once every one
 * has answered: no request is left in flight to spend CPU after the stretch it belongs to (a run
 * cut off by a duration would leave up to `connections` of them, a large share of a slow
 * operation's requests). Says how long it took and what failed.
 */
export async function drive(
  system: System,
  operation: Operation,
  options: { connections: number; amount: number; requestNumber: { next: number } },
): Promise<{ result: autocannon.Result; elapsedMs: number; failures: Map<string, number> }> {
  const failures = new Map<string, number>();
  const fail = (reason: string, n = 1) => failures.set(reason, (failures.get(reason) ?? 0) + n);
  const startedAt = performance.now();
  const result = await autocannon({
    url: system.gatewayUrl,
    connections: Math.min(options.connections, options.amount),
    amount: options.amount,
    // A slow write still counts (its latency shows it).
    timeout: 60,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${system.token}` },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ query: operation.query, variables: operation.variables(options.requestNumber.next++) }) }),
        onResponse: (status, body) => {
          const code = /"code":"([A-Z_]+)"/.exec(body)?.[1];
          if (status !== 200 || body.includes('"errors"')) fail(`HTTP ${status}${code ? ` ${code}` : ''}`);
          else if (operation.onData) operation.onData((JSON.parse(body) as { data: Record<string, unknown> }).data);
        },
      },
    ],
  });
  if (result.timeouts) fail('timeout', result.timeouts);
  if (result.errors - result.timeouts > 0) fail('socket error', result.errors - result.timeouts);
  return { result, elapsedMs: performance.now() - startedAt, failures };
}

/** Drives `amount` requests of `operation` (see drive) as one watched stretch; `background` is an unloaded stretch to take out. */
export async function measureOperation(
  system: System,
  operation: Operation,
  options: { connections: number; amount: number; background?: Stretch; requestNumber: { next: number } },
): Promise<Measurement> {
  let driven: Awaited<ReturnType<typeof drive>> | undefined;
  const totals = await stretch(system, async () => {
    driven = await drive(system, operation, options);
  });
  const { result: r, failures } = driven!;
  const requests = r.requests.total;
  const background = options.background;
  const share = background ? totals.elapsedMs / background.elapsedMs : 0;
  const perRequest = (total: number, idle: number | undefined) => (requests > 0 ? Math.max(0, total - (idle ?? 0) * share) / requests : Number.NaN);
  const cpuMsPerRequest = Object.fromEntries(Object.entries(totals.cpuMs).map(([n, ms]) => [n, ms === undefined ? undefined : perRequest(ms, background?.cpuMs[n])]));
  const commandsPerRequest = new Map<string, Map<string, number>>();
  for (const [service, counts] of totals.commands) {
    const rows = new Map<string, number>();
    for (const [command, n] of counts) {
      const v = perRequest(n, background?.commands.get(service)?.get(command));
      if (v > 0) rows.set(command, v);
    }
    if (rows.size) commandsPerRequest.set(service, rows);
  }
  return {
    operation,
    connections: Math.min(options.connections, options.amount),
    requests,
    rps: requests / (driven!.elapsedMs / 1000),
    p50: r.latency.p50,
    p99: r.latency.p99,
    failed: [...failures.values()].reduce((a, b) => a + b, 0),
    failures,
    cpuMsPerRequest,
    peakRssMb: totals.peakRssMb,
    commandsPerRequest,
    documentsPerRequest: new Map([...totals.documents].map(([db, n]) => [db, requests > 0 ? n / requests : Number.NaN])),
  };
}
