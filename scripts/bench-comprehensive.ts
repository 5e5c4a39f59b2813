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
 * Each path runs at each client count for `--seconds` after `--warmup`: closed loops, each
 * client sending its next operation when the previous one has answered. Two operations:
 * `channel` (one channel per request, rotating over demo-1 … demo-4) and `channels` (the 12 demo
 * channels in one request). Prints markdown tables (for BENCHMARKS.md). Nothing here asserts time.
 *
 *   pnpm bench:comprehensive [--seconds 10] [--warmup 3] [--clients 1,16,64] [--verbose]
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { COMPREHENSIVE_QUERY } from '@telepulse/devstack/comprehensive-query';
import { launchStart } from '@telepulse/devstack/start-process';
import { givenOrTemporaryDatabase } from '@telepulse/devstack/temporary-ferretdb';
import { bodySha256, gatewayProofHeaders, signGatewayProof } from '@telepulse/platform/gateway-proof';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { startFetchRecorder, type RecordedFetch } from './subgraph-fetch-recorder.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    clients: { type: 'string', default: '1,16,64' },
    verbose: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const clientCounts = values.clients.split(',').map(Number);
const say = (line: string) => console.error(`bench      | ${line}`);

const demo = (n: number) => `demo-${n}`;
const OPERATIONS = {
  channel: Array.from({ length: 4 }, (_, i) => JSON.stringify({ query: COMPREHENSIVE_QUERY.channel, variables: { id: demo(i + 1) } })),
  channels: [JSON.stringify({ query: COMPREHENSIVE_QUERY.channels, variables: { ids: Array.from({ length: 12 }, (_, i) => demo(i + 1)) } })],
};
type Operation = keyof typeof OPERATIONS;

/** Latencies of one path at one client count, and of each subgraph's fetches on the direct path. */
interface Run {
  operation: Operation;
  clients: number;
  path: 'gateway' | 'direct';
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
  fetchP50: Record<string, number>;
}

const note = (latencies: Map<string, number[]>, key: string, ms: number) => latencies.set(key, [...(latencies.get(key) ?? []), ms]);
const percentile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** A failed answer: not 2xx, or a GraphQL answer with errors. */
async function answeredWell(response: Response): Promise<boolean> {
  const text = await response.text();
  return response.ok && !text.includes('"errors"');
}

/** `clients` closed loops of `operation(i)` for `duration` seconds: each operation's latency, and how many failed. */
async function closedLoop(clients: number, duration: number, operation: (i: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let failed = 0;
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
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), failed };
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
    const ok = await answeredWell(await fetch(start.subgraphUrls[service]!, { method: 'POST', headers: { 'content-type': 'application/json', ...gatewayProofHeaders(proof) }, body }));
    note(fetchLatencies, service, performance.now() - t);
    return ok;
  };
  const health = async (service: string, url: string, fetchLatencies: Map<string, number[]>): Promise<boolean> => {
    const t = performance.now();
    const ok = (await fetch(new URL('/health', url))).ok;
    note(fetchLatencies, `${service} /health`, performance.now() - t);
    return ok;
  };

  for (const operation of Object.keys(OPERATIONS) as Operation[]) {
    const bodies = OPERATIONS[operation];
    const recorded = plans.get(operation)!;
    for (const clients of clientCounts) {
      const viaGateway = async (i: number) =>
        answeredWell(await fetch(start.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i % bodies.length]! }));
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
      for (const [path, run] of [
        ['gateway', viaGateway],
        ['direct', direct],
      ] as const) {
        await closedLoop(clients, warmup, run);
        fetchLatencies = new Map();
        const result = await closedLoop(clients, seconds, run);
        const fetchP50 = Object.fromEntries([...fetchLatencies].map(([service, l]) => [service, percentile(l.sort((a, b) => a - b), 0.5)]));
        runs.push({ operation, clients, path, ...result, fetchP50 });
        say(`${operation} at ${clients} via ${path}: ${result.perSecond.toFixed(0)}/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.failed} failed`);
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
console.log(`\nthe comprehensive query, through the gateway and direct to the subgraphs: ${seconds} s per row after a ${warmup} s warm-up`);
console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`load average before ${load(loadBefore)}, after ${load(loadAfter)}\n`);
console.log('| operation | clients | gateway req/s | gateway p50 ms | gateway p99 ms | direct req/s | direct p50 ms | direct p99 ms | gateway overhead p50 ms | p99 ms | failed (gateway / direct) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const gateway of runs.filter((r) => r.path === 'gateway')) {
  const direct = runs.find((r) => r.path === 'direct' && r.operation === gateway.operation && r.clients === gateway.clients)!;
  console.log(
    `| ${gateway.operation} | ${gateway.clients} | ${fmt(gateway.perSecond, 0)} | ${fmt(gateway.p50)} | ${fmt(gateway.p99)} | ${fmt(direct.perSecond, 0)} | ${fmt(direct.p50)} | ${fmt(direct.p99)} | ${fmt(gateway.p50 - direct.p50)} | ${fmt(gateway.p99 - direct.p99)} | ${gateway.failed} / ${direct.failed} |`,
  );
}
const services = [...new Set(runs.flatMap((r) => Object.keys(r.fetchP50)))];
console.log(`\ndirect path, each subgraph fetch's p50 ms:\n`);
console.log(`| operation | clients | ${services.join(' | ')} |`);
console.log(`|---|---:|${services.map(() => '---:').join('|')}|`);
for (const direct of runs.filter((r) => r.path === 'direct')) {
  console.log(`| ${direct.operation} | ${direct.clients} | ${services.map((s) => fmt(direct.fetchP50[s] ?? Number.NaN)).join(' | ')} |`);
}
