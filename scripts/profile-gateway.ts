/**
 * `pnpm profile:gateway`: where the gateway's CPU goes on the two-subgraph read (a stored
 * engagement prediction and its channel's title: engagement, then channels). Starts the system
 * as bench:load does (FerretDB from the cache, demo channels seeded) with the gateway under
 * `node --cpu-prof`, stores a few predictions, drives the read with autocannon for `--seconds`
 * at `--connections`, stops everything (the gateway writes its profile as it exits) and prints
 * the profile's self time by function and by package, per response. A script, not a test.
 *
 *   pnpm profile:gateway [--seconds 15] [--connections 20] [--predictions 4] [--out /tmp/gateway-profile]
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { GATEWAY_DEFAULT_NODE_FLAGS } from '@telepulse/gateway/env';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { launchStart } from '@telepulse/devstack/start-process';
import { givenOrTemporaryDatabase } from '@telepulse/devstack/temporary-ferretdb';
import { mintUserToken } from '@telepulse/devstack/user-token';
import { cpuMs } from './process-usage.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '20' },
    predictions: { type: 'string', default: '4' },
    out: { type: 'string', default: `/tmp/gateway-profile-${Date.now()}` },
  },
});
const say = (line: string) => console.error(`profile    | ${line}`);
const READ = 'query($id: ID!) { engagementPrediction(id: $id) { id predictedEngagement channel { id title } } }';
const PREDICT = 'mutation($channelId: ID!) { predictEngagement(channelId: $channelId, features: { hourOfDay: 12, dayOfWeek: 2, contentLength: 400, hasMedia: true }) { id } }';

mkdirSync(values.out, { recursive: true });
const userSecret = randomSecret();
const database = await givenOrTemporaryDatabase('profile', process.env.MONGODB_URI);
const start = await launchStart({
  env: {
    MONGODB_URI: database.uri,
    MONGODB_DB_PREFIX: `profile_${Date.now()}`,
    RATE_LIMIT_REQUESTS: '0',
    AUTH_JWT_SECRET: userSecret,
    GATEWAY_NODE_FLAGS: `${GATEWAY_DEFAULT_NODE_FLAGS} --cpu-prof --cpu-prof-dir=${values.out}`,
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('GATEWAY_DEDUP') || key === 'SUBGRAPH_MAX_SOCKETS') as [string, string][]),
  },
});
let responses = 0;
// The load's window on the monotonic clock V8 stamps profile samples with (µs; CLOCK_MONOTONIC, as process.hrtime): start-up and seeding are left out.
let window = { from: 0, to: Infinity };
try {
  const token = await mintUserToken(userSecret, { subject: 'profiler', scopes: ['predict'] });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const ids: string[] = [];
  for (let i = 0; i < Number(values.predictions); i += 1) {
    const answer = (await (await fetch(start.gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query: PREDICT, variables: { channelId: `demo-${(i % 4) + 1}` } }) })).json()) as { data?: { predictEngagement: { id: string } }; errors?: unknown };
    if (!answer.data) throw new Error(`predictEngagement failed: ${JSON.stringify(answer.errors)}`);
    ids.push(answer.data.predictEngagement.id);
  }
  const bodies = ids.map((id) => JSON.stringify({ query: READ, variables: { id } }));
  let next = 0;
  let graphqlErrors = 0;
  const pid = start.servicePid('gateway');
  const cpuBefore = cpuMs(pid);
  const from = Number(process.hrtime.bigint() / 1000n);
  const result = await autocannon({
    url: start.gatewayUrl,
    connections: Number(values.connections),
    duration: Number(values.seconds),
    method: 'POST',
    headers,
    requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }), onResponse: (status, body) => void (status === 200 && body.includes('"errors"') && graphqlErrors++) }],
  });
  window = { from, to: Number(process.hrtime.bigint() / 1000n) };
  responses = result.requests.total;
  const cpuAfter = cpuMs(pid);
  // The process's own CPU time (from /proc): on a busy machine the profile's samples also count time the thread waited for a core.
  if (cpuBefore !== undefined && cpuAfter !== undefined) say(`gateway CPU ${((cpuAfter - cpuBefore) / responses).toFixed(2)} ms per response (from /proc)`);
  say(`${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${responses} responses, ${result.non2xx} non-2xx, ${graphqlErrors} with errors`);
} finally {
  await start.stop();
  await database.remove();
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const file = readdirSync(values.out).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`no .cpuprofile in ${values.out}: the gateway did not exit cleanly`);
const profile = JSON.parse(readFileSync(join(values.out, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number };
const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at >= window.from && at <= window.to) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const packageOf = (url: string) => {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const inModules = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)(?!.*node_modules)/);
  if (inModules) return inModules[1]!;
  const own = url.match(/telepulse[^/]*\/(?:wt\/[^/]+\/)?([^/]+\/(?:src\/)?[^/]+)/);
  return own ? `telepulse ${own[1]}` : url;
};
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let busy = 0;
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byNode.get(id)!.callFrame;
  if (functionName === '(idle)' || functionName === '(program)') continue;
  busy += us;
  const where = `${functionName || '(anonymous)'} ${url.replace(/.*node_modules\//, '').replace(/.*\/(gateway|internal)\//, '$1/')}:${lineNumber + 1}`;
  byFunction.set(where, (byFunction.get(where) ?? 0) + us);
  byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + us);
}
const perResponse = (us: number) => (responses ? (us / responses / 1000).toFixed(3) : '?');
const top = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`\nprofile ${join(values.out, file)}: ${(busy / 1000).toFixed(0)} ms busy during the load (idle and "(program)" excluded, GC included) over ${responses} responses = ${perResponse(busy)} ms per response`);
console.log('\n| package | ms per response | share |\n|---|---:|---:|');
for (const [name, us] of top(byPackage, 15)) console.log(`| ${name} | ${perResponse(us)} | ${((us / busy) * 100).toFixed(1)} % |`);
console.log('\n| function (self time) | ms per response |\n|---|---:|');
for (const [name, us] of top(byFunction, 25)) console.log(`| ${name} | ${perResponse(us)} |`);
