/**
 * `pnpm bench:comprehensive`: the comprehensive query (a channel's title, its next post's
 * engagement prediction, its 7-day growth forecast with intervals, and the system health)
 * through the gateway, and the same data fetched from each subgraph directly, in the same run.
 *
 * Starts start.ts as `pnpm start` runs it (every service its own process, FerretDB of its own
 * in a temporary directory or MONGODB_URI under a prefix of its own; demo channels seeded), with
 * a SUBGRAPH_SECRET of the script's own so it can sign the gateway's proofs itself. The
 * subgraph fetches of each operation are recorded once through a gateway of the script's own
 * (subgraph-fetch-recorder.ts: the same supergraph, so the same plan); the direct path replays
 * them, wave after wave as the plan sent them, each with a fresh proof, beside a GET /health of
 * every subgraph (what systemHealth gathers). The difference is what the gateway adds:
 * planning, its hops, merging, its checks. Growth reads its channels' counts through the
 * gateway on either path: that is part of growth's work.
 *
 * Each path runs at each client count for `--seconds` after `--warmup`, in `--rounds` turns
 * taken by the two paths (a change in the load of a shared machine falls on both): closed
 * loops, each client sending its next operation when the previous one has answered. Besides
 * latency, the gateway process's CPU time per operation on each path (from /proc): on the direct
 * path it is growth's reads alone, so the difference is the gateway's own work for the
 * comprehensive query, steadier than latency on a shared machine. Two operations:
 * `channel` (one channel per request, rotating over demo-1 … demo-4) and `channels` (the 12 demo
 * channels in one request). Prints markdown tables (for BENCHMARKS.md). Nothing here asserts time.
 *
 *   pnpm bench:comprehensive [--seconds 10] [--warmup 3] [--rounds 5] [--clients 1,16,64] [--verbose]
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { COMPREHENSIVE_QUERY } from '@telepulse/devstack/comprehensive-query';
import { launchStart } from '@telepulse/devstack/start-process';
import { givenOrTemporaryDatabase } from '@telepulse/devstack/temporary-ferretdb';
import { cpuMs } from './process-usage.js';
import { bodySha256, gatewayProofHeaders, signGatewayProof } from '@telepulse/platform/gateway-proof';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { startFetchRecorder, type RecordedFetch } from './subgraph-fetch-recorder.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    clients: { type: 'string', default: '1,16,64' },
    verbose: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
const clientCounts = values.clients.split(',').map(Number);
const say = (line: string) => console.error(`bench      | ${line}`);

const demo = (n: number) => `demo-${n}`;
const OPERATIONS = {
  channel: Array.from({ length: 4 }, (_, i) => JSON.stringify({ query: COMPREHENSIVE_QUERY.channel, variables: { id: demo(i + 1) } })),
  channels: [JSON.stringify({ query: COMPREHENSIVE_QUERY.channels, variables: { ids: Array.from({ length: 12 }, (_, i) => demo(i + 1)) } })],
};
type Operation = keyof typeof OPERATIONS;

/** One path at one client count: its operations' rate and latency, the gateway's CPU per operation, each subgraph fetch's p50 on the direct path. */
interface Run {
  operation: Operation;
  clients: number;
  path: 'gateway' | 'direct';
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
  gatewayCpuPerOperation: number | undefined;
  fetchP50: Record<string, number>;
}

const note = (latencies: Map<string, number[]>, key: string, ms: number) => latencies.set(key, [...(latencies.get(key) ?? []), ms]);
const percentile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** Why answers failed, by path: `SERVICE_UNAVAILABLE (growth)`, `HTTP 503` …, each counted once per answer. */
const failures = { gateway: new Map<string, number>(), direct: new Map<string, number>() };

/** False for a failed answer (not 2xx, or a GraphQL answer with errors), its reasons counted in `reasons`. */
async function answeredWell(response: Response, reasons: Map<string, number>): Promise<boolean> {
  const text = await response.text();
  if (response.ok && !text.includes('"errors"')) return true;
  let why = [`HTTP ${response.status}`];
  try {
    const { errors } = JSON.parse(text) as { errors?: { message: string; extensions?: { code?: string; serviceName?: string } }[] };
    // An internal error's message says what broke; a coded one is told by its code and service, and an unavailable one by why (unreachable, no answer in time, a status).
    const detail = (code: string, message: string) =>
      code === 'INTERNAL_SERVER_ERROR' || code === 'uncoded' ? `: ${message.slice(0, 120)}` : code === 'SERVICE_UNAVAILABLE' && message.includes('unavailable: ') ? `: ${message.split('unavailable: ')[1]!.slice(0, 80)}` : '';
    const reason = ({ message, extensions: { code = 'uncoded', serviceName } = {} }: NonNullable<typeof errors>[number]) => `${code}${serviceName ? ` (${serviceName})` : ''}${detail(code, message)}`;
    if (errors?.length) why = errors.map(reason);
  } catch {
    // Not JSON: the status says it.
  }
  for (const reason of new Set(why)) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  return false;
}

/** What closed loops measured: every operation's latency, how many failed, for how long, and the gateway's CPU time meanwhile. */
interface Slice {
  latencies: number[];
  failed: number;
  seconds: number;
  gatewayCpuMs: number | undefined;
}

/** `clients` closed loops of `operation(i)` for `duration` seconds, the gateway process `gatewayPid` watched. */
async function closedLoop(clients: number, duration: number, gatewayPid: number, operation: (i: number) => Promise<boolean>): Promise<Slice> {
  const latencies: number[] = [];
  let failed = 0;
  const cpuBefore = cpuMs(gatewayPid);
  const started = performance.now();
  const deadline = started + duration * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; performance.now() < deadline; i += clients) {
        const t = performance.now();
        const ok = await operation(i).catch(() => false);
        latencies.push(performance.now() - t);
        if (!ok) failed++;
      }
    }),
  );
  const cpuAfter = cpuMs(gatewayPid);
  return { latencies, failed, seconds: (performance.now() - started) / 1000, gatewayCpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined };
}

/** Slices of one path put together. */
function combine(slices: readonly Slice[]) {
  const latencies = slices.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const cpu = slices.every((s) => s.gatewayCpuMs !== undefined) ? slices.reduce((sum, s) => sum + s.gatewayCpuMs!, 0) : undefined;
  return {
    perSecond: latencies.length / slices.reduce((sum, s) => sum + s.seconds, 0),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    failed: slices.reduce((sum, s) => sum + s.failed, 0),
    gatewayCpuPerOperation: cpu === undefined ? undefined : cpu / latencies.length,
  };
}

const loadBefore = loadavg();
const database = await givenOrTemporaryDatabase('bench', process.env.MONGODB_URI);
const subgraphSecret = randomSecret();
say(`starting the system on ${database.description}`);
const start = await launchStart({
  env: { MONGODB_URI: database.uri, MONGODB_DB_PREFIX: `bench_${Date.now()}`, RATE_LIMIT_REQUESTS: '0', SUBGRAPH_SECRET: subgraphSecret },
  ...(values.verbose ? { onLine: (line: string) => console.error(line) } : {}),
});
const recorder = await startFetchRecorder({ supergraphSdl: readFileSync(supergraphPath, 'utf8'), subgraphUrls: start.subgraphUrls, subgraphSecret });
const runs: Run[] = [];
const plans = new Map<Operation, RecordedFetch[][][]>();
try {
  say(`up: gateway ${start.gatewayUrl}, subgraphs ${Object.entries(start.subgraphUrls).map(([n, u]) => `${n} ${u}`).join(', ')}`);
  for (const operation of Object.keys(OPERATIONS) as Operation[]) {
    const recorded: RecordedFetch[][][] = [];
    for (const body of OPERATIONS[operation]) recorded.push(await recorder.record(body));
    plans.set(operation, recorded);
    const plan = plans.get(operation)![0]!;
    say(`${operation}: the gateway asks ${plan.map((wave) => wave.map((f) => f.service).join(' + ')).join(', then ')}, beside systemHealth's GET /health of ${Object.keys(start.subgraphUrls).join(', ')}`);
  }

  /** One subgraph fetch as the gateway makes it: the body it sent, with a proof of the script's own. */
  const post = async ({ service, body }: RecordedFetch, fetchLatencies: Map<string, number[]>): Promise<boolean> => {
    const proof = await signGatewayProof(subgraphSecret, { audience: service, identity: null, trace: { requestId: randomUUID(), via: [] }, timeoutMs: 30_000, bodySha256: bodySha256(body) });
    const t = performance.now();
    const ok = await answeredWell(await fetch(start.subgraphUrls[service]!, { method: 'POST', headers: { 'content-type': 'application/json', ...gatewayProofHeaders(proof) }, body }), failures.direct);
    note(fetchLatencies, service, performance.now() - t);
    return ok;
  };
  const health = async (service: string, url: string, fetchLatencies: Map<string, number[]>): Promise<boolean> => {
    const t = performance.now();
    const response = await fetch(new URL('/health', url));
    await response.arrayBuffer();
    const ok = response.ok;
    if (!ok) failures.direct.set(`HTTP ${response.status} (${service} /health)`, (failures.direct.get(`HTTP ${response.status} (${service} /health)`) ?? 0) + 1);
    note(fetchLatencies, `${service} /health`, performance.now() - t);
    return ok;
  };

  for (const operation of Object.keys(OPERATIONS) as Operation[]) {
    const bodies = OPERATIONS[operation];
    const recorded = plans.get(operation)!;
    for (const clients of clientCounts) {
      const viaGateway = async (i: number) =>
        answeredWell(await fetch(start.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i % bodies.length]! }), failures.gateway);
      let fetchLatencies = new Map<string, number[]>();
      const direct = async (i: number) => {
        const latencies = fetchLatencies;
        const planned = async () => {
          let ok = true;
          for (const wave of recorded[i % recorded.length]!) ok = (await Promise.all(wave.map((f) => post(f, latencies)))).every(Boolean) && ok;
          return ok;
        };
        const results = await Promise.all([planned(), ...Object.entries(start.subgraphUrls).map(([service, url]) => health(service, url, latencies))]);
        return results.every(Boolean);
      };
      const paths = { gateway: viaGateway, direct } as const;
      const gatewayPid = start.servicePid('gateway');
      for (const run of Object.values(paths)) await closedLoop(clients, warmup, gatewayPid, run);
      // The paths take turns, `--rounds` times, so a change in the machine's load falls on both.
      const slices = { gateway: [] as Slice[], direct: [] as Slice[] };
      fetchLatencies = new Map();
      for (let round = 0; round < rounds; round++) {
        slices.gateway.push(await closedLoop(clients, seconds / rounds, gatewayPid, viaGateway));
        slices.direct.push(await closedLoop(clients, seconds / rounds, gatewayPid, direct));
      }
      const fetchP50 = Object.fromEntries([...fetchLatencies].map(([service, l]) => [service, percentile(l.sort((a, b) => a - b), 0.5)]));
      for (const path of ['gateway', 'direct'] as const) {
        const result = combine(slices[path]);
        runs.push({ operation, clients, path, ...result, fetchP50: path === 'direct' ? fetchP50 : {} });
        say(`${operation} at ${clients} via ${path}: ${result.perSecond.toFixed(1)}/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.failed} failed`);
      }
    }
  }
} finally {
  await recorder.stop();
  await start.stop();
  await database.remove();
}

const loadAfter = loadavg();
const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
console.log(`\nthe comprehensive query, through the gateway and direct to the subgraphs: ${seconds} s per path and client count, in ${rounds} turns each, after a ${warmup} s warm-up`);
console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`load average before ${load(loadBefore)}, after ${load(loadAfter)}\n`);
console.log('| operation | clients | gateway req/s | gateway p50 ms | gateway p99 ms | direct req/s | direct p50 ms | direct p99 ms | gateway overhead p50 ms | overhead p99 ms | gateway CPU ms/request (gateway path − direct path) | failed (gateway / direct) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const gateway of runs.filter((r) => r.path === 'gateway')) {
  const direct = runs.find((r) => r.path === 'direct' && r.operation === gateway.operation && r.clients === gateway.clients)!;
  const cpu =
    gateway.gatewayCpuPerOperation !== undefined && direct.gatewayCpuPerOperation !== undefined
      ? `${fmt(gateway.gatewayCpuPerOperation - direct.gatewayCpuPerOperation, 2)} (${fmt(gateway.gatewayCpuPerOperation, 2)} − ${fmt(direct.gatewayCpuPerOperation, 2)})`
      : '–';
  console.log(
    `| ${gateway.operation} | ${gateway.clients} | ${fmt(gateway.perSecond)} | ${fmt(gateway.p50)} | ${fmt(gateway.p99)} | ${fmt(direct.perSecond)} | ${fmt(direct.p50)} | ${fmt(direct.p99)} | ${fmt(gateway.p50 - direct.p50)} | ${fmt(gateway.p99 - direct.p99)} | ${cpu} | ${gateway.failed} / ${direct.failed} |`,
  );
}
for (const [path, reasons] of Object.entries(failures)) {
  if (reasons.size > 0) console.log(`\nfailed answers via ${path}, by error: ${[...reasons].map(([reason, n]) => `${reason} × ${n}`).join(', ')}`);
}
const services = [...new Set(runs.flatMap((r) => Object.keys(r.fetchP50)))];
console.log(`\ndirect path, each subgraph fetch's p50 ms:\n`);
console.log(`| operation | clients | ${services.join(' | ')} |`);
console.log(`|---|---:|${services.map(() => '---:').join('|')}|`);
for (const direct of runs.filter((r) => r.path === 'direct')) {
  console.log(`| ${direct.operation} | ${direct.clients} | ${services.map((s) => fmt(direct.fetchP50[s] ?? Number.NaN)).join(' | ')} |`);
}
