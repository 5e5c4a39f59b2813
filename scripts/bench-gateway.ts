/**
 * `pnpm bench:gateway`: the project's gateway beside Hive Gateway (scripts/hive-gateway.ts, its
 * own process, default settings) on the same supergraph file and the same running subgraphs,
 * then the prediction writes through the project's gateway. Issue 13's targets are checked on
 * the figures of this run and printed beside them.
 *
 * Starts start.ts as `pnpm start` runs it (every service its own process, a FerretDB of its own,
 * or MONGODB_URI; demo channels seeded) with a SUBGRAPH_SECRET and AUTH_JWT_SECRET of the
 * script's own (Hive mints the same gateway proofs with the secret; the writes carry a `predict`
 * token), the per-caller rate limit off. Stores a few predictions to read, then:
 *
 * - reads, by autocannon at each of `--connections`: `two` = a stored prediction and its
 *   channel's title (engagement → channels), `one` = the stored prediction only (engagement);
 *   per round, each gateway runs `--seconds` (the order alternates between rounds, so a change in
 *   a shared machine's load falls on both), `--rounds` rounds, the median round reported;
 * - `predictEngagement` through the project's gateway at `--write-connections`, the ids of
 *   acknowledged predictions collected, a sample of `--readback` read back by id afterwards;
 * - `batchPredictEngagement` with `--batch` items per request at `--batch-connections`.
 *
 * For every run: req/s, p50/p99, CPU per response of the gateway, the subgraphs involved and
 * FerretDB (from /proc; ms of CPU time per response), the gateway's RSS peak (sampled every
 * 100 ms). Prints markdown and, unless `--dry`, appends it with the date and machine to
 * BENCHMARKS.md. A script, not a test: nothing here asserts time.
 *
 *   pnpm bench:gateway [--seconds 15] [--warmup 3] [--rounds 3] [--connections 1,20,64]
 *     [--write-connections 64] [--batch 64] [--batch-connections 4] [--readback 200] [--label TEXT] [--dry] [--verbose]
 *     [--db-pid PID (with MONGODB_URI: the database process whose CPU to count)]
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { freePort } from '@telepulse/devstack/ports';
import { stopChild } from '@telepulse/devstack/service-process';
import { launchStart } from '@telepulse/devstack/start-process';
import { launchTemporaryFerretDb } from '@telepulse/devstack/temporary-ferretdb';
import { mintUserToken } from '@telepulse/devstack/user-token';
import { repoRoot, supergraphPath } from '@telepulse/platform/repo-layout';
import { benchChannelOf, benchFeatures } from './bench-requests.js';
import { watchProcesses, type ProcessUse } from './process-watch.js';
import { median } from './bench-stats.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '1,20,64' },
    'write-connections': { type: 'string', default: '64' },
    batch: { type: 'string', default: '64' },
    'batch-connections': { type: 'string', default: '4' },
    readback: { type: 'string', default: '200' },
    'db-pid': { type: 'string', default: '' },
    label: { type: 'string', default: '' },
    dry: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
// `--connections ''`: no reads, the writes alone.
const connectionCounts = values.connections.split(',').filter(Boolean).map(Number);
const writeConnections = Number(values['write-connections']);
const batchSize = Number(values.batch);
const batchConnections = Number(values['batch-connections']);
const readbackSample = Number(values.readback);
const say = (line: string) => console.error(`bench      | ${line}`);

const READS = {
  two: 'query($id: ID!) { engagementPrediction(id: $id) { id predictedEngagement channel { title } } }',
  one: 'query($id: ID!) { engagementPrediction(id: $id) { id predictedEngagement confidence } }',
};
type Read = keyof typeof READS;
const READ_LABEL: Record<Read, string> = { two: 'stored prediction + its channel’s title (two subgraphs)', one: 'stored prediction only (one subgraph)' };
const PREDICT = 'mutation($channelId: ID!, $features: EngagementFeaturesInput!) { predictEngagement(channelId: $channelId, features: $features) { id predictedEngagement } }';
const BATCH = 'mutation($requests: [EngagementRequestInput!]!) { batchPredictEngagement(requests: $requests) { id } }';
/**
 * Write requests numbered across every write run, warm-ups included (after the 8 stored to read):
 * each is a new prediction (its id is derived from the request), as a run of fresh traffic
 * would be. Before this, each run counted from 0 and repeated the previous run's requests:
 * repeats are answered as first stored, which cost a read instead of an insert.
 */
let writeNumber = 8;

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  /** Responses that were not a clean 200 without GraphQL errors, and socket errors/timeouts. */
  failed: number;
  /** ms of CPU per response, by process. */
  cpu: Record<string, number | undefined>;
  peakRss: number;
}

/** The round whose req/s is the median: its other figures go with it. */
const medianRound = (runs: readonly Measured[]) => [...runs].sort((a, b) => a.rps - b.rps)[Math.floor((runs.length - 1) / 2)]!;

const loadBefore = loadavg();
const ferret = process.env.MONGODB_URI ? undefined : await launchTemporaryFerretDb('bench-gateway');
const mongoUri = process.env.MONGODB_URI ?? ferret!.server.uri;
const subgraphSecret = randomSecret();
const authSecret = randomSecret();
say(`starting the system on ${ferret ? 'a FerretDB of its own' : 'MONGODB_URI'}`);
// A system that fails to come up must not leave its FerretDB behind.
const start = await launchStart({
  env: { MONGODB_URI: mongoUri, MONGODB_DB_PREFIX: `benchgw_${Date.now()}`, RATE_LIMIT_REQUESTS: '0', SUBGRAPH_SECRET: subgraphSecret, AUTH_JWT_SECRET: authSecret },
  // Nine processes compiling through tsx on a shared 2-core machine can take minutes to come up.
  readyTimeoutMs: 300_000,
  ...(values.verbose ? { onLine: (line: string) => console.error(line) } : {}),
}).catch(async (error: unknown) => {
  await ferret?.remove();
  throw error;
});
const hivePort = await freePort();
const hive = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/hive-gateway.ts')], {
  cwd: repoRoot,
  env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HIVE_PORT: String(hivePort), SUBGRAPH_SECRET: subgraphSecret, SUBGRAPH_URLS: JSON.stringify(start.subgraphUrls), SUPERGRAPH_PATH: supergraphPath },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const hiveUrl = await new Promise<string>((resolve, reject) => {
  for (const stream of [hive.stdout!, hive.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (values.verbose) console.error(`hive       | ${line}`);
      const m = /listening on (\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
  }
  hive.once('exit', (code) => reject(new Error(`Hive Gateway exited with code ${code} before listening`)));
}).catch(async (error: unknown) => {
  await start.stop();
  await ferret?.remove();
  throw error;
});

const token = await mintUserToken(authSecret, { subject: 'bench', scopes: ['predict'], expiresIn: '2h' });
const gateways = { project: start.gatewayUrl, hive: hiveUrl } as const;
type Gateway = keyof typeof gateways;
const gatewayPid = (g: Gateway) => (g === 'project' ? start.servicePid('gateway') : hive.pid!);
// With MONGODB_URI, `--db-pid` names the database's process to watch (e.g. a FerretDB started with its pprof debug address).
const dbPid = ferret?.server.pid ?? (values['db-pid'] ? Number(values['db-pid']) : undefined);
const watched = (g: Gateway) => ({ gateway: gatewayPid(g), engagement: start.servicePid('engagement'), channels: start.servicePid('channels'), ...(dbPid ? { ferretdb: dbPid } : {}) });

/** One autocannon run against `url` with the bodies in turn, the processes of `pids` watched. */
/** Why responses failed, by run label: `HTTP 200 GATEWAY_TIMEOUT`, `timeout …`, counted. */
const failures = new Map<string, Map<string, number>>();
function note(label: string, reason: string, n = 1) {
  const reasons = failures.get(label) ?? new Map<string, number>();
  reasons.set(reason, (reasons.get(reason) ?? 0) + n);
  failures.set(label, reasons);
}

async function load(options: { label: string; url: string; connections: number; duration: number; bodies: (i: number) => string; pids: Record<string, number>; auth?: boolean; onBody?: (body: string) => void }): Promise<Measured> {
  let next = 0;
  let failed = 0;
  const watch = watchProcesses(options.pids);
  // autocannon's promise has no .finally: try/finally ends the watch.
  let result: autocannon.Result;
  let use: ProcessUse;
  try {
    result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    // A write slower than autocannon's default 10 s still counts (its latency shows it); reads keep the default.
    ...(options.auth ? { timeout: 60 } : {}),
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.auth ? { authorization: `Bearer ${token}` } : {}) },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: options.bodies(next++) }),
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"')) {
            failed++;
            note(options.label, `HTTP ${status}${/"code":"([A-Z_]+)"/.exec(body)?.[1] ? ` ${/"code":"([A-Z_]+)"/.exec(body)![1]}` : ''}`);
          } else options.onBody?.(body);
        },
      },
    ],
    });
  } finally {
    use = watch.stop();
  }
  const total = result.requests.total;
  const cpu = Object.fromEntries(Object.entries(use.cpuMs).map(([n, ms]) => [n, ms !== undefined && total > 0 ? ms / total : undefined]));
  if (result.timeouts) note(options.label, `timeout (autocannon's 10 s)`, result.timeouts);
  // autocannon's errors include its timeouts.
  if (result.errors - result.timeouts > 0) note(options.label, 'socket error', result.errors - result.timeouts);
  return { rps: total / (result.duration || options.duration), p50: result.latency.p50, p99: result.latency.p99, failed: failed + result.errors, cpu, peakRss: use.peakRssMb.gateway ?? 0 };
}

async function graphql(url: string, query: string, variables: unknown, auth = false) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
}

const readRows: { read: Read; connections: number; gateway: Gateway; runs: Measured[] }[] = [];
let writeRuns: Measured[] = [];
let batchRuns: Measured[] = [];
let readback = { sampled: 0, missing: 0, acknowledged: 0 };
try {
  say(`up: project gateway ${start.gatewayUrl}, Hive Gateway ${hiveUrl} (pid ${hive.pid}), subgraphs ${Object.keys(start.subgraphUrls).join(', ')}`);
  // Predictions to read: one stored per demo channel, twice over.
  const stored = await graphql(start.gatewayUrl, BATCH, { requests: Array.from({ length: 8 }, (_, i) => ({ channelId: benchChannelOf(i), features: benchFeatures(i) })) }, true);
  if (stored.errors) throw new Error(`cannot store the predictions to read: ${JSON.stringify(stored.errors)}`);
  const ids = (stored.data!.batchPredictEngagement as { id: string }[]).map((p) => p.id);
  for (const [g, url] of Object.entries(gateways)) {
    const answer = await graphql(url, READS.two, { id: ids[0] });
    if (answer.errors || !answer.data?.engagementPrediction) throw new Error(`${g} cannot read a stored prediction: ${JSON.stringify(answer)}`);
  }
  say(`both gateways read stored prediction ${ids[0]} with its channel's title`);

  for (const read of Object.keys(READS) as Read[]) {
    const bodies = ids.map((id) => JSON.stringify({ query: READS[read], variables: { id } }));
    for (const connections of connectionCounts) {
      const runs: Record<Gateway, Measured[]> = { project: [], hive: [] };
      for (const g of Object.keys(gateways) as Gateway[]) await load({ label: 'warm-up', url: gateways[g], connections, duration: warmup, bodies: (i) => bodies[i % bodies.length]!, pids: watched(g) });
      for (let round = 0; round < rounds; round++) {
        const order: Gateway[] = round % 2 === 0 ? ['project', 'hive'] : ['hive', 'project'];
        for (const g of order) runs[g].push(await load({ label: `${read} at ${connections} via ${g}`, url: gateways[g], connections, duration: seconds, bodies: (i) => bodies[i % bodies.length]!, pids: watched(g) }));
      }
      for (const g of Object.keys(gateways) as Gateway[]) {
        readRows.push({ read, connections, gateway: g, runs: runs[g] });
        const m = medianRound(runs[g]);
        say(`${read} at ${connections} via ${g}: ${m.rps.toFixed(0)} req/s (rounds ${runs[g].map((r) => r.rps.toFixed(0)).join(', ')}), p50 ${m.p50} ms, p99 ${m.p99} ms, gateway CPU ${m.cpu.gateway?.toFixed(2)} ms/response, RSS peak ${m.peakRss.toFixed(0)} MB, ${m.failed} failed`);
      }
    }
  }

  // predictEngagement at 64 connections, every acknowledged id kept for the readback.
  const acknowledged: string[] = [];
  const predictBody = () => {
    const i = writeNumber++;
    return JSON.stringify({ query: PREDICT, variables: { channelId: benchChannelOf(i), features: benchFeatures(i) } });
  };
  const pids = watched('project');
  await load({ label: 'warm-up', url: start.gatewayUrl, connections: writeConnections, duration: warmup, bodies: predictBody, pids, auth: true });
  for (let round = 0; round < rounds; round++) {
    writeRuns.push(
      await load({ label: 'predictEngagement', url: start.gatewayUrl, connections: writeConnections, duration: seconds, bodies: predictBody, pids, auth: true, onBody: (body) => acknowledged.push((JSON.parse(body) as { data: { predictEngagement: { id: string } } }).data.predictEngagement.id) }),
    );
  }
  const m = medianRound(writeRuns);
  say(`predictEngagement at ${writeConnections}: ${m.rps.toFixed(0)}/s (rounds ${writeRuns.map((r) => r.rps.toFixed(0)).join(', ')}), p50 ${m.p50} ms, p99 ${m.p99} ms, ${m.failed} failed`);

  // Every acknowledged prediction must be readable by its id: a sample spread over the runs.
  const step = Math.max(1, Math.floor(acknowledged.length / readbackSample));
  const sample = acknowledged.filter((_, i) => i % step === 0).slice(0, readbackSample);
  let missing = 0;
  for (const id of sample) {
    const answer = await graphql(start.gatewayUrl, READS.one, { id });
    if (answer.errors || (answer.data?.engagementPrediction as { id?: string } | null)?.id !== id) missing++;
  }
  readback = { sampled: sample.length, missing, acknowledged: acknowledged.length };
  say(`readback: ${sample.length - missing} of ${sample.length} sampled acknowledged predictions readable by id (${acknowledged.length} acknowledged)`);

  const batchBody = () =>
    JSON.stringify({
      query: BATCH,
      variables: {
        requests: Array.from({ length: batchSize }, () => {
          const i = writeNumber++;
          return { channelId: benchChannelOf(i), features: benchFeatures(i) };
        }),
      },
    });
  await load({ label: 'warm-up', url: start.gatewayUrl, connections: batchConnections, duration: warmup, bodies: batchBody, pids, auth: true });
  for (let round = 0; round < rounds; round++) batchRuns.push(await load({ label: 'batchPredictEngagement', url: start.gatewayUrl, connections: batchConnections, duration: seconds, bodies: batchBody, pids, auth: true }));
  const mb = medianRound(batchRuns);
  say(`batchPredictEngagement of ${batchSize} at ${batchConnections}: ${(mb.rps * batchSize).toFixed(0)} predictions/s (${mb.rps.toFixed(1)} req/s), p50 ${mb.p50} ms, p99 ${mb.p99} ms, ${mb.failed} failed`);
} finally {
  await stopChild(hive, 5000);
  await start.stop();
  await ferret?.remove();
}

// The table.
const loadAfter = loadavg();
const f = (v: number | undefined, d = 0) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(d));
const cpuCell = (m: Measured) => `${f(m.cpu.gateway, 2)} / ${f(m.cpu.channels, 2)} / ${f(m.cpu.engagement, 2)} / ${f(m.cpu.ferretdb, 2)}`;
const lines: string[] = [];
const out = (line = '') => lines.push(line);
out(`### ${new Date().toISOString().slice(0, 10)}${values.label ? ` — ${values.label}` : ''}`);
out();
out(`${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; Hive Gateway = @graphql-hive/gateway-runtime 2.12.1 (the runtime of @graphql-hive/gateway 2.15.x), its defaults. ${seconds} s per run after a ${warmup} s warm-up, ${rounds} interleaved rounds, the median round shown (its req/s; its other figures with it); load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}. CPU per response in ms of CPU time (/proc): gateway / channels / engagement / FerretDB.`);
out();
out('| query | connections | gateway | req/s (each round) | p50 ms | p99 ms | CPU ms/response gw / ch / eng / db | gateway RSS peak MB | failed (all rounds) |');
out('|---|---:|---|---:|---:|---:|---:|---:|---:|');
for (const row of readRows) {
  const m = medianRound(row.runs);
  out(`| ${READ_LABEL[row.read]} | ${row.connections} | ${row.gateway === 'project' ? 'project' : 'Hive'} | ${f(m.rps)} (${row.runs.map((r) => f(r.rps)).join(', ')}) | ${m.p50} | ${m.p99} | ${cpuCell(m)} | ${f(Math.max(...row.runs.map((r) => r.peakRss)))} | ${row.runs.reduce((s, r) => s + r.failed, 0)} |`);
}
const w = writeRuns.length ? medianRound(writeRuns) : undefined;
const bm = batchRuns.length ? medianRound(batchRuns) : undefined;
if (w) out(`| predictEngagement (project gateway) | ${writeConnections} | project | ${f(w.rps)} (${writeRuns.map((r) => f(r.rps)).join(', ')}) | ${w.p50} | ${w.p99} | ${cpuCell(w)} | ${f(Math.max(...writeRuns.map((r) => r.peakRss)))} | ${writeRuns.reduce((s, r) => s + r.failed, 0)} |`);
if (bm) out(`| batchPredictEngagement of ${batchSize} (project gateway; req/s × ${batchSize} = ${f(bm.rps * batchSize)} predictions/s) | ${batchConnections} | project | ${f(bm.rps, 1)} (${batchRuns.map((r) => f(r.rps, 1)).join(', ')}) | ${bm.p50} | ${bm.p99} | ${cpuCell(bm)} | ${f(Math.max(...batchRuns.map((r) => r.peakRss)))} | ${batchRuns.reduce((s, r) => s + r.failed, 0)} |`);
out();
const measuredFailures = [...failures].filter(([label]) => label !== 'warm-up');
if (measuredFailures.length) out(`Failed responses, by run: ${measuredFailures.map(([label, reasons]) => `${label}: ${[...reasons].map(([r, n]) => `${r} × ${n}`).join(', ')}`).join('; ')}.`);
out();
out(`Readback: ${readback.sampled - readback.missing} of ${readback.sampled} sampled acknowledged predictions readable by id (of ${readback.acknowledged} acknowledged).`);
out();

// Issue 13's targets on this run's figures.
const at = (read: Read, connections: number, g: Gateway) => {
  const row = readRows.find((r) => r.read === read && r.connections === connections && r.gateway === g);
  return row ? medianRound(row.runs) : undefined;
};
const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? '**met**' : '**not met**');
const p20 = at('two', 20, 'project');
const h20 = at('two', 20, 'hive');
const allProjectRss = [...readRows.filter((r) => r.gateway === 'project').flatMap((r) => r.runs), ...writeRuns, ...batchRuns].map((r) => r.peakRss);
const peakProjectRss = allProjectRss.length ? Math.max(...allProjectRss) : undefined;
out('| target (issue 13) | this run | verdict |');
out('|---|---|---|');
out(`| two-subgraph read at 20 connections ≥ 1.2 × Hive's | ${p20 && h20 ? `${f(p20.rps)} vs ${f(h20.rps)} req/s = ${(p20.rps / h20.rps).toFixed(2)} ×` : '–'} | ${verdict(p20 && h20 ? p20.rps >= 1.2 * h20.rps : undefined)} |`);
out(`| gateway CPU per response (two-subgraph read, 20 connections) ≤ 1.5 ms | ${f(p20?.cpu.gateway, 2)} ms | ${verdict(p20?.cpu.gateway === undefined ? undefined : p20.cpu.gateway <= 1.5)} |`);
out(`| predictEngagement at ${writeConnections}: ≥ 500/s, p99 < 200 ms | ${w ? `${f(w.rps)}/s, p99 ${w.p99} ms` : '–'} | ${verdict(w ? w.rps >= 500 && w.p99 < 200 : undefined)} |`);
out(`| batchPredictEngagement of ${batchSize}: ≥ 10,000 predictions/s | ${bm ? `${f(bm.rps * batchSize)}/s` : '–'} | ${verdict(bm ? bm.rps * batchSize >= 10_000 : undefined)} |`);
out(`| every acknowledged prediction readable by id (sample) | ${readback.sampled - readback.missing} of ${readback.sampled} | ${verdict(readback.sampled ? readback.missing === 0 : undefined)} |`);
out(`| project gateway RSS < 400 MB throughout | peak ${f(peakProjectRss)} MB | ${verdict(peakProjectRss === undefined ? undefined : peakProjectRss < 400)} |`);
const text = lines.join('\n');
console.log(`\n${text}`);
if (!values.dry) {
  appendFileSync(join(repoRoot, 'BENCHMARKS.md'), `\n${text}\n`);
  say('appended to BENCHMARKS.md');
}
