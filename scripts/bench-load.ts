/**
 * `pnpm bench:load`: the whole system, as `pnpm start` runs it, under HTTP load through the
 * gateway. Starts start.ts on free loopback ports (FerretDB from the cache in a temporary
 * directory, or MONGODB_URI when set, under a database prefix of its own; demo channels seeded),
 * then drives the gateway with autocannon (its per-caller rate limit off) at each connection
 * count for `--seconds` after a `--warmup`, on two queries: a channel's engagement prediction
 * (channels → engagement, with the model run) and a plain read (channel and title), rotating
 * over a few demo channels. Gateway RSS is sampled every 100 ms during each run (the peak) and
 * once more after `--idle` seconds without load, and its CPU time per request is counted (from
 * /proc). Prints a markdown table (for BENCHMARKS.md) and stops everything. A script, not a
 * test: nothing here asserts time.
 *
 *   pnpm bench:load [--seconds 10] [--warmup 3] [--idle 5] [--connections 1,16,64] [--channels 4] [--verbose]
 *
 * GATEWAY_NODE_FLAGS, when set, reaches start: the gateway's Node flags (its heap bounds by
 * default; empty for V8's own defaults, to compare).
 */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { GATEWAY_DEFAULT_NODE_FLAGS } from '@telepulse/gateway/env';
import { launchStart } from '@telepulse/devstack/start-process';
import { givenOrTemporaryDatabase } from '@telepulse/devstack/temporary-ferretdb';
import { cpuMs, rssMb } from './process-usage.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    idle: { type: 'string', default: '5' },
    connections: { type: 'string', default: '1,16,64' },
    channels: { type: 'string', default: '4' },
    verbose: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const idle = Number(values.idle);
const connectionCounts = values.connections.split(',').map(Number);
const channelIds = Array.from({ length: Number(values.channels) }, (_, i) => `demo-${i + 1}`);
const say = (line: string) => console.error(`bench      | ${line}`);

const QUERIES = {
  prediction: 'query($id: ID!) { channel(id: $id) { engagementPrediction { id } } }',
  read: 'query($id: ID!) { channel(id: $id) { id title } }',
};

interface Row {
  query: keyof typeof QUERIES;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  graphqlErrors: number;
  cpuPerRequest: number | undefined;
  peakRss: number;
  idleRss: number;
}

const loadBefore = loadavg();
const database = await givenOrTemporaryDatabase('bench', process.env.MONGODB_URI);
say(`starting the system on ${database.description}`);
const start = await launchStart({
  env: {
    MONGODB_URI: database.uri,
    MONGODB_DB_PREFIX: `bench_${Date.now()}`,
    // The load generator is one caller: the per-caller rate limit would answer most of the load with 429.
    RATE_LIMIT_REQUESTS: '0',
    ...(process.env.GATEWAY_NODE_FLAGS !== undefined ? { GATEWAY_NODE_FLAGS: process.env.GATEWAY_NODE_FLAGS } : {}),
  },
  ...(values.verbose ? { onLine: (line: string) => console.error(line) } : {}),
});
const rows: Row[] = [];
try {
  const gatewayPid = () => start.servicePid('gateway');
  const startedPid = gatewayPid();
  say(`up: gateway ${start.gatewayUrl} (pid ${startedPid}, RSS ${rssMb(startedPid)?.toFixed(0)} MB)`);

  for (const query of Object.keys(QUERIES) as (keyof typeof QUERIES)[]) {
    const bodies = channelIds.map((id) => JSON.stringify({ query: QUERIES[query], variables: { id } }));
    for (const connections of connectionCounts) {
      const run = async (duration: number) => {
        let next = 0;
        let graphqlErrors = 0;
        const result = await autocannon({
          url: start.gatewayUrl,
          connections,
          duration,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          requests: [
            {
              setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }),
              // A 200 can still carry GraphQL errors (a subgraph that could not answer): count them apart.
              onResponse: (status, body) => void (status === 200 && body.includes('"errors"') && graphqlErrors++),
            },
          ],
        });
        return { result, graphqlErrors };
      };
      await run(warmup);
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(gatewayPid()) ?? 0)), 100);
      const pid = gatewayPid();
      const cpuBefore = cpuMs(pid);
      const { result, graphqlErrors } = await run(seconds).finally(() => clearInterval(sampler));
      const cpuAfter = pid === gatewayPid() ? cpuMs(pid) : undefined;
      await sleep(idle * 1000);
      const row: Row = {
        query,
        connections,
        rps: result.requests.total / (result.duration || seconds),
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        graphqlErrors,
        cpuPerRequest: cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / result.requests.total : undefined,
        peakRss: peak,
        idleRss: rssMb(gatewayPid()) ?? 0,
      };
      rows.push(row);
      say(`${query} at ${connections}: ${row.rps.toFixed(0)} req/s, p99 ${row.p99} ms, gateway RSS peak ${row.peakRss.toFixed(0)} MB, after idle ${row.idleRss.toFixed(0)} MB`);
    }
  }
  if (gatewayPid() !== startedPid) say(`the gateway was restarted during the run (pid ${startedPid} → ${gatewayPid()}): see start's log with --verbose`);
} finally {
  await start.stop();
  await database.remove();
}

const loadAfter = loadavg();
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const fmt = (values: number[]) => values.map((v) => v.toFixed(2)).join(' ');
const flags = process.env.GATEWAY_NODE_FLAGS ?? GATEWAY_DEFAULT_NODE_FLAGS;
console.log(`\ngateway under load (Node flags: ${flags.trim() || 'none, V8 defaults'}): ${seconds} s per row after a ${warmup} s warm-up, ${idle} s idle before the idle sample; channels ${channelIds.join(', ')}`);
console.log(`${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`load average before ${fmt(loadBefore)}, after ${fmt(loadAfter)}\n`);
console.log('| query | connections | req/s | p50 ms | p99 ms | errors | non-2xx | GraphQL errors | gateway CPU ms/request | gateway RSS peak MB | gateway RSS after idle MB |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const cpu = r.cpuPerRequest === undefined ? '–' : r.cpuPerRequest.toFixed(2);
  console.log(
    `| ${r.query} | ${r.connections} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.graphqlErrors} | ${cpu} | ${r.peakRss.toFixed(0)} | ${r.idleRss.toFixed(0)} |`,
  );
}
