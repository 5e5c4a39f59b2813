/**
 * `pnpm profile:gateway`: where a service's CPU goes on one of issue 13's paths: the
 * two-subgraph read (`read`: a stored engagement prediction and its channel's title: engagement,
 * then channels), `predictEngagement` (`predict`: one new prediction per request, with a
 * `predict` token), `batchPredictEngagement` of 64 (`batch`) or the comprehensive channel query
 * (`comprehensive`, one of the demo channels per request, as bench:capacity sends it). Starts
 * the system as bench:load does (FerretDB from the cache, demo channels seeded), stores a few
 * predictions, drives the query with autocannon for `--seconds` at `--connections` while V8's
 * sampling profiler runs in `--service`'s process (the gateway by
 * default; any subgraph: cpu-profile.ts attaches to the running process), and prints the
 * profile's self time by package and function and inclusive time by function, per response,
 * beside the process's own CPU time per response from /proc. A script, not a test.
 *
 *   pnpm profile:gateway [--service gateway|engagement|channels|content|…] [--query read|predict|batch|comprehensive]
 *     [--seconds 15] [--connections 20] [--predictions 4] [--out /tmp/gateway-profile]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { COMPREHENSIVE_QUERY } from '@telepulse/devstack/comprehensive-query';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { launchStart } from '@telepulse/devstack/start-process';
import { givenOrTemporaryDatabase } from '@telepulse/devstack/temporary-ferretdb';
import { mintUserToken } from '@telepulse/devstack/user-token';
import { benchChannelOf, benchFeatures } from './bench-requests.js';
import { startCpuProfile, summarizeProfile } from './cpu-profile.js';
import { cpuMs } from './process-usage.js';

const { values } = parseArgs({
  options: {
    service: { type: 'string', default: 'gateway' },
    query: { type: 'string', default: 'read' },
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '20' },
    predictions: { type: 'string', default: '4' },
    out: { type: 'string', default: `/tmp/gateway-profile-${Date.now()}` },
  },
});
const QUERIES = ['read', 'predict', 'batch', 'comprehensive'] as const;
const isQuery = (name: string): name is (typeof QUERIES)[number] => (QUERIES as readonly string[]).includes(name);
const { query } = values;
if (!isQuery(query)) throw new Error(`--query is ${QUERIES.join(', ')}`);
const say = (line: string) => console.error(`profile    | ${line}`);
const READ = 'query($id: ID!) { engagementPrediction(id: $id) { id predictedEngagement channel { id title } } }';
const PREDICT = 'mutation($channelId: ID!, $features: EngagementFeaturesInput!) { predictEngagement(channelId: $channelId, features: $features) { id predictedEngagement } }';
const BATCH = 'mutation($requests: [EngagementRequestInput!]!) { batchPredictEngagement(requests: $requests) { id } }';
/** Predictions per batchPredictEngagement request (`--query batch`), as bench:gateway sends. */
const BATCH_SIZE = 64;

mkdirSync(values.out, { recursive: true });
const userSecret = randomSecret();
const database = await givenOrTemporaryDatabase('profile', process.env.MONGODB_URI);
const start = await launchStart({
  env: {
    MONGODB_URI: database.uri,
    MONGODB_DB_PREFIX: `profile_${Date.now()}`,
    RATE_LIMIT_REQUESTS: '0',
    AUTH_JWT_SECRET: userSecret,
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('GATEWAY_DEDUP') || key === 'SUBGRAPH_MAX_SOCKETS') as [string, string][]),
  },
  readyTimeoutMs: 300_000,
});
let report = '';
try {
  const token = await mintUserToken(userSecret, { subject: 'profiler', scopes: ['predict'], expiresIn: '2h' });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const ids: string[] = [];
  let written = 0;
  const predictBody = () => JSON.stringify({ query: PREDICT, variables: { channelId: benchChannelOf(written), features: benchFeatures(written++) } });
  const batchBody = () =>
    JSON.stringify({ query: BATCH, variables: { requests: Array.from({ length: BATCH_SIZE }, () => ({ channelId: benchChannelOf(written), features: benchFeatures(written++) })) } });
  for (let i = 0; i < Number(values.predictions); i += 1) {
    const answer = (await (await fetch(start.gatewayUrl, { method: 'POST', headers, body: predictBody() })).json()) as { data?: { predictEngagement: { id: string } }; errors?: unknown };
    if (!answer.data) throw new Error(`predictEngagement failed: ${JSON.stringify(answer.errors)}`);
    ids.push(answer.data.predictEngagement.id);
  }
  const bodies = ids.map((id) => JSON.stringify({ query: READ, variables: { id } }));
  let next = 0;
  let graphqlErrors = 0;
  let asked = 0;
  const comprehensiveBody = () => JSON.stringify({ query: COMPREHENSIVE_QUERY.channel, variables: { id: benchChannelOf(asked++) } });
  const body = { read: () => bodies[next++ % bodies.length]!, batch: batchBody, predict: predictBody, comprehensive: comprehensiveBody }[query];
  // Warm-up: the JIT, the pools and the caches, outside the profile.
  await autocannon({ url: start.gatewayUrl, connections: Number(values.connections), duration: 3, method: 'POST', headers, timeout: 60, requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }] });
  const pid = start.servicePid(values.service);
  const load = loadavg();
  const profiler = await startCpuProfile(pid);
  const cpuBefore = cpuMs(pid);
  const result = await autocannon({
    url: start.gatewayUrl,
    connections: Number(values.connections),
    duration: Number(values.seconds),
    method: 'POST',
    headers,
    timeout: 60,
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }), onResponse: (status, text) => void ((status !== 200 || text.includes('"errors"')) && graphqlErrors++) }],
  });
  const cpuAfter = cpuMs(pid);
  const profile = await profiler.stop();
  const file = join(values.out, `${values.service}-${query}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const responses = result.requests.total;
  // The process's own CPU time (from /proc): on a busy machine the profile's samples also count time the thread waited for a core.
  report = [
    `${values.service} on ${query} at ${values.connections} connections: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${responses} responses, ${result.non2xx} non-2xx, ${graphqlErrors} failed`,
    `${values.service} CPU ${cpuBefore !== undefined && cpuAfter !== undefined ? ((cpuAfter - cpuBefore) / responses).toFixed(2) : '?'} ms per response (from /proc); load average before ${load.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `profile ${file}:`,
    summarizeProfile(profile, responses),
  ].join('\n');
} finally {
  await start.stop();
  await database.remove();
}
console.log(`\n${report}`);
