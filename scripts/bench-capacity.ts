/**
 * `pnpm bench:capacity`: the capacity model's measurements (issue 15). Starts the system as
 * `pnpm start` runs it (every service its own process, a FerretDB of its own, demo channels
 * seeded; the per-caller rate limit off), measures the background for `--seconds` with no load,
 * then drives each service's typical operation (capacity/operations.ts) through the gateway at
 * `--connections` (the batch, the ingest and the comprehensive query at `--batch-connections`;
 * the writes a lock serialises per model at 1) for `--seconds` after a `--warmup`.
 * For each: req/s, the CPU ms per request of every process (gateway, each subgraph, FerretDB;
 * from /proc, the background taken out), their peak RSS, the MongoDB commands per request by
 * command (each subgraph's /metrics) and the documents added per request. Then the capacity
 * model (capacity/capacity-model.ts: extrapolation, its assumptions stated) for 100, 1,000 and
 * 10,000 predictions/s, and recommended requests/limits per replica. Prints markdown (and writes
 * it to `--out`); CPU time per request is the capacity figure: req/s depends on what else the
 * machine runs, and the load average is printed with it. A script, not a test.
 *
 *   pnpm bench:capacity [--seconds 10] [--warmup 2] [--connections 32] [--batch 64]
 *     [--batch-connections 4] [--ingest-posts 50] [--only service,…] [--out FILE] [--verbose]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { FERRETDB_VERSION } from '@telepulse/devstack/ferretdb';
import { launchStart } from '@telepulse/devstack/start-process';
import { launchTemporaryFerretDb } from '@telepulse/devstack/temporary-ferretdb';
import { EVERY_SCOPE, mintUserToken } from '@telepulse/devstack/user-token';
import { repoRoot } from '@telepulse/platform/repo-layout';
import { FERRETDB_CORES, MONGO_PRIMARY, ON_PATH_SHARE, pathCapacity, REPLICA, type PathCost } from './capacity/capacity-model.js';
import { drive, measureOperation, stretch, type Measurement, type System } from './capacity/measure-operation.js';
import { capacityOperations } from './capacity/operations.js';
import { backgroundTable, capacityTable, measurementTable, resourcesTable, summaryTable, totalCommands } from './capacity/report.js';

/** The numeric options and their defaults. */
const NUMBERS = { seconds: 10, warmup: 2, connections: 32, batch: 64, 'batch-connections': 4, 'ingest-posts': 50 };
const { values } = parseArgs({
  options: {
    ...Object.fromEntries(Object.keys(NUMBERS).map((name) => [name, { type: 'string' as const }])),
    only: { type: 'string', default: '' },
    out: { type: 'string', default: '' },
    verbose: { type: 'boolean', default: false },
  },
});
const option = (name: keyof typeof NUMBERS) => Number((values as Record<string, unknown>)[name] ?? NUMBERS[name]);
const [seconds, warmup, connections, batchConnections, batchSize, ingestPosts] = (['seconds', 'warmup', 'connections', 'batch-connections', 'batch', 'ingest-posts'] as const).map(option) as [number, number, number, number, number, number];
const only = new Set(String(values.only).split(',').filter(Boolean));
const say = (line: string) => console.error(`capacity   | ${line}`);
const DATABASE = 'ferretdb';

const loadBefore = loadavg();
const dbPrefix = `capacity_${Date.now()}`;
const ferret = await launchTemporaryFerretDb('bench-capacity');
const authSecret = randomSecret();
say('starting the system on a FerretDB of its own');
const start = await launchStart({
  env: { MONGODB_URI: ferret.server.uri, MONGODB_DB_PREFIX: dbPrefix, RATE_LIMIT_REQUESTS: '0', SUBGRAPH_SECRET: randomSecret(), AUTH_JWT_SECRET: authSecret },
  // Nine processes compiling through tsx on a shared 2-core machine can take minutes to come up.
  readyTimeoutMs: 300_000,
  ...(values.verbose ? { onLine: (line: string) => console.error(line) } : {}),
}).catch(async (error: unknown) => {
  await ferret.remove();
  throw error;
});
const client = new MongoClient(ferret.server.uri);
const subgraphs = Object.keys(start.subgraphUrls);
const processes = ['gateway', ...subgraphs, DATABASE];
const measurements: Measurement[] = [];
let background;
try {
  const system: System = {
    gatewayUrl: start.gatewayUrl,
    subgraphUrls: start.subgraphUrls,
    pids: { gateway: start.servicePid('gateway'), ...Object.fromEntries(subgraphs.map((s) => [s, start.servicePid(s)])), [DATABASE]: ferret.server.pid! },
    client,
    dbPrefix,
    token: await mintUserToken(authSecret, { subject: 'bench-capacity', scopes: EVERY_SCOPE, expiresIn: '2h' }),
  };
  say(`up: gateway ${start.gatewayUrl}; watching ${Object.entries(system.pids).map(([n, pid]) => `${n} ${pid}`).join(', ')}`);
  // Let start's own after-start work (seeding, first polls) settle before the background is measured.
  await sleep(3000);
  background = await stretch(system, () => sleep(seconds * 1000));
  say(backgroundTable(background, processes)[0]!);
  const requestNumber = { next: 0 };
  for (const operation of capacityOperations({ batchSize, ingestPosts, prefix: dbPrefix })) {
    if (only.size && !only.has(operation.service)) continue;
    const at = operation.serialised ? 1 : operation.batched ? batchConnections : connections;
    // A probe of two requests per connection gives the rate; the warm-up and the measured run are sized from it.
    const probe = await drive(system, operation, { connections: at, amount: 2 * at, requestNumber });
    const rate = (2 * at) / (probe.elapsedMs / 1000);
    const warmed = warmup > 0 ? await drive(system, operation, { connections: at, amount: Math.max(2 * at, Math.round(rate * warmup)), requestNumber }) : probe;
    const warmedRate = warmed.result.requests.total / (warmed.elapsedMs / 1000);
    const m = await measureOperation(system, operation, { connections: at, amount: Math.max(2 * at, Math.round(warmedRate * seconds)), background, requestNumber });
    measurements.push(m);
    say(`${operation.service} ${operation.label}: ${m.rps.toFixed(1)} req/s, ${operation.service} ${m.cpuMsPerRequest[operation.service]?.toFixed(2)} ms CPU/request, all ${processes.reduce((s, p) => s + (m.cpuMsPerRequest[p] ?? 0), 0).toFixed(2)} ms, ${m.failed} failed`);
  }
} finally {
  await client.close();
  await start.stop();
  await ferret.remove();
}
const loadAfter = loadavg();

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const costOf = (m: Measurement): PathCost => ({
  label: m.operation.label,
  predictionsPerRequest: m.operation.predictions ?? 1,
  cpuMsPerRequest: m.cpuMsPerRequest,
  commandsPerRequest: [...totalCommands(m).values()].reduce((a, b) => a + b, 0),
  documentsPerRequest: [...m.documentsPerRequest.values()].reduce((a, b) => a + b, 0),
});
const paths = measurements.filter((m) => m.operation.predictions).map((m) => pathCapacity(costOf(m), DATABASE));
const single = paths.find((p) => p.cost.predictionsPerRequest === 1);

const lines: string[] = [];
const out = (...more: string[]) => lines.push(...more);
const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
out(`### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · commit ${commit}`, '');
out(
  `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, FerretDB ${FERRETDB_VERSION} (SQLite). Every service its own process as \`pnpm start\` runs it; each operation sized for ${seconds} s at its warm-up's rate after a ${warmup} s warm-up, ${connections} connections (the batch, the ingest and the comprehensive query: ${batchConnections}; feedback and drift detection, serialised per model by a lock: 1). Load average before ${fmt(loadBefore)}, after ${fmt(loadAfter)} (the machine is shared: CPU time per request from /proc is the capacity figure, not req/s).`,
  '',
);
if (background) out(...backgroundTable(background, processes), '');
out('#### Per service: its typical operation', '', ...summaryTable(measurements, processes, DATABASE));
for (const m of measurements) out(...measurementTable(m, processes, seconds));
out(
  '#### Capacity model (extrapolated from the figures above)',
  '',
  `Each figure is the measured cost per request × the rate. Replica: CPU limit ${REPLICA.cpu} at an HPA target of ${REPLICA.target * 100} %, at least ${REPLICA.minReplicas}. FerretDB on SQLite: one instance, its ceiling one core (${FERRETDB_CORES}); its measured CPU per prediction gives the ceiling. MongoDB replica set (*not measured here: no mongod*): assumed to spend no more CPU per command than FerretDB + SQLite do here, on a primary of ${MONGO_PRIMARY.cpu} vCPU at ${MONGO_PRIMARY.target * 100} %; secondaries apply the same writes (w: majority), reads stay on the primary. "Saturates first": the part with the highest utilisation at that level with the replicas shown. Processes under ${ON_PATH_SHARE * 100} % of a path’s CPU are left out of it (their own pollers’ noise).`,
  '',
);
for (const p of paths) out(...capacityTable(p));
if (single) out('#### Recommended requests and limits per replica', '', ...resourcesTable(measurements, ['gateway', ...subgraphs], single));
const text = lines.join('\n');
console.log(`\n${text}`);
if (values.out) {
  writeFileSync(values.out, `${text}\n`);
  say(`written to ${values.out}`);
}
