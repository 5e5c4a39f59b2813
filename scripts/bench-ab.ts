/**
 * `pnpm bench:ab --base <checkout>`: the CPU per response of two versions of the system, side by
 * side: this checkout's (B) and another's (A, e.g. `git archive <commit> | tar -x -C /tmp/base`
 * with its dependencies installed), each started as `pnpm start` runs it on a FerretDB of its
 * own, both up together, loaded in turn (A B, then B A, …) so a change in a shared machine's load
 * falls on both. Issue 13's two hot paths: the two-subgraph read at `--read-connections` and
 * `predictEngagement` at `--write-connections` (each request a new prediction). Prints, per path
 * and version, every round's req/s and the CPU per response of the gateway, engagement, channels
 * and FerretDB (ms of CPU time from /proc over the round's responses), the medians, and the load
 * average around each round. A script, not a test: nothing here asserts time.
 *
 *   pnpm bench:ab --base /tmp/base [--with /tmp/candidate] [--seconds 8] [--warmup 3] [--rounds 3] [--read-connections 20] [--write-connections 64] [--paths read,predict]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { launchStart, type RunningStart } from '@telepulse/devstack/start-process';
import { launchTemporaryFerretDb } from '@telepulse/devstack/temporary-ferretdb';
import { mintUserToken } from '@telepulse/devstack/user-token';
import { repoRoot } from '@telepulse/platform/repo-layout';
import { benchChannelOf, benchFeatures } from './bench-requests.js';
import { watchProcesses } from './process-watch.js';
import { median } from './bench-stats.js';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    /** B: this checkout unless said (a snapshot of it, to go on editing while it runs). */
    with: { type: 'string', default: repoRoot },
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    'read-connections': { type: 'string', default: '20' },
    'write-connections': { type: 'string', default: '64' },
    paths: { type: 'string', default: 'read,predict' },
    verbose: { type: 'boolean', default: false },
  },
});
if (!values.base) throw new Error('--base <checkout>: the version to compare this one with');
const say = (line: string) => console.error(`ab         | ${line}`);
const READ = 'query($id: ID!) { engagementPrediction(id: $id) { id predictedEngagement channel { title } } }';
const PREDICT = 'mutation($channelId: ID!, $features: EngagementFeaturesInput!) { predictEngagement(channelId: $channelId, features: $features) { id predictedEngagement } }';
const BATCH = 'mutation($requests: [EngagementRequestInput!]!) { batchPredictEngagement(requests: $requests) { id } }';
const PROCESSES = ['gateway', 'engagement', 'channels', 'ferretdb'] as const;
type Path = 'read' | 'predict';
const paths = values.paths.split(',').filter(Boolean) as Path[];

interface System {
  name: 'A' | 'B';
  start: RunningStart;
  token: string;
  pids: Record<(typeof PROCESSES)[number], number>;
  ids: string[];
  written: number;
  remove(): Promise<void>;
}

async function system(name: 'A' | 'B', root: string): Promise<System> {
  const ferret = await launchTemporaryFerretDb(`ab-${name}`);
  const authSecret = randomSecret();
  say(`starting ${name} from ${root}`);
  // On a busy machine a service can miss start's 60 s health wait: one more try.
  const launch = () => launchStart({ root, env: { MONGODB_URI: ferret.server.uri, MONGODB_DB_PREFIX: `ab_${name}_${Date.now()}`, RATE_LIMIT_REQUESTS: '0', AUTH_JWT_SECRET: authSecret }, readyTimeoutMs: 300_000, ...(values.verbose ? { onLine: (line: string) => console.error(`${name} ${line}`) } : {}) });
  const start = await launch()
    .catch((error: unknown) => {
      say(`${name} did not come up, once more: ${String(error).split('\n').find((line) => line.includes('failed')) ?? ''}`);
      return launch();
    })
    .catch(async (error: unknown) => {
      await ferret.remove();
      throw error;
    });
  const token = await mintUserToken(authSecret, { subject: 'ab', scopes: ['predict'], expiresIn: '2h' });
  const stored = (await (
    await fetch(start.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: BATCH, variables: { requests: Array.from({ length: 8 }, (_, i) => ({ channelId: benchChannelOf(i), features: benchFeatures(i) })) } }),
    })
  ).json()) as { data?: { batchPredictEngagement: { id: string }[] }; errors?: unknown };
  if (!stored.data) throw new Error(`${name} cannot store the predictions to read: ${JSON.stringify(stored.errors)}`);
  return {
    name,
    start,
    token,
    pids: { gateway: start.servicePid('gateway'), engagement: start.servicePid('engagement'), channels: start.servicePid('channels'), ferretdb: ferret.server.pid! },
    ids: stored.data.batchPredictEngagement.map((p) => p.id),
    written: 8,
    remove: async () => {
      await start.stop();
      await ferret.remove();
    },
  };
}

interface Round {
  rps: number;
  p99: number;
  failed: number;
  cpu: Record<string, number>;
  load: string;
}

async function run(s: System, path: Path, seconds: number): Promise<Round> {
  const body =
    path === 'read'
      ? (() => {
          let next = 0;
          const bodies = s.ids.map((id) => JSON.stringify({ query: READ, variables: { id } }));
          return () => bodies[next++ % bodies.length]!;
        })()
      : () => {
          const i = s.written++;
          return JSON.stringify({ query: PREDICT, variables: { channelId: benchChannelOf(i), features: benchFeatures(i) } });
        };
  const watch = watchProcesses(s.pids);
  const loadBefore = loadavg()[0]!;
  let failed = 0;
  const result = await autocannon({
    url: s.start.gatewayUrl,
    connections: Number(path === 'read' ? values['read-connections'] : values['write-connections']),
    duration: seconds,
    method: 'POST',
    timeout: 60,
    headers: { 'content-type': 'application/json', ...(path === 'predict' ? { authorization: `Bearer ${s.token}` } : {}) },
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }), onResponse: (status, text) => void ((status !== 200 || text.includes('"errors"')) && failed++) }],
  });
  const total = result.requests.total;
  const used = watch.stop().cpuMs;
  const cpu = Object.fromEntries(PROCESSES.map((p) => [p, (used[p] ?? Number.NaN) / total]));
  return { rps: total / (result.duration || seconds), p99: result.latency.p99, failed: failed + result.errors, cpu, load: `${loadBefore.toFixed(1)}→${loadavg()[0]!.toFixed(1)}` };
}

const systems: System[] = [];
try {
  systems.push(await system('A', values.base));
  systems.push(await system('B', values.with));
  const results = new Map<string, Round[]>();
  for (const path of paths) for (const s of systems) await run(s, path, Number(values.warmup));
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const path of paths) {
      for (const s of round % 2 === 0 ? systems : [...systems].reverse()) {
        const r = await run(s, path, Number(values.seconds));
        say(`round ${round + 1} ${path} ${s.name}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms, CPU ms/response ${PROCESSES.map((p) => `${p} ${r.cpu[p]!.toFixed(2)}`).join(', ')}, load ${r.load}${r.failed ? `, ${r.failed} failed` : ''}`);
        results.set(`${path} ${s.name}`, [...(results.get(`${path} ${s.name}`) ?? []), r]);
      }
    }
  }
  console.log(`\nA = ${values.base}, B = ${values.with}; ${values.rounds} interleaved rounds of ${values.seconds} s; CPU ms per response from /proc, the median of the rounds (each round in brackets)\n`);
  console.log('| path | version | req/s (rounds) | p99 ms (rounds) | gateway | engagement | channels | FerretDB | sum | load avg (1 min, each round) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const path of paths) {
    for (const s of systems) {
      const rs = results.get(`${path} ${s.name}`)!;
      const cell = (p: string) => `${median(rs.map((r) => r.cpu[p]!)).toFixed(2)} (${rs.map((r) => r.cpu[p]!.toFixed(2)).join(', ')})`;
      const sum = median(rs.map((r) => PROCESSES.reduce((t, p) => t + r.cpu[p]!, 0)));
      console.log(`| ${path} | ${s.name} | ${median(rs.map((r) => r.rps)).toFixed(0)} (${rs.map((r) => r.rps.toFixed(0)).join(', ')}) | ${rs.map((r) => r.p99).join(', ')} | ${PROCESSES.map(cell).join(' | ')} | ${sum.toFixed(2)} | ${rs.map((r) => r.load).join(', ')} |`);
    }
  }
} finally {
  for (const s of systems) await s.remove();
}
