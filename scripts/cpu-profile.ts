/**
 * CPU profiles of a running Node process of the system, taken for a window (a load run) and
 * summarised: for the profiling scripts, not the services. The process is asked to open its
 * inspector (SIGUSR1, as `node inspect -p` does; it listens on 127.0.0.1:9229), V8's sampling
 * profiler runs over the window, and the inspector is closed again. Any service can be profiled
 * this way without restarting it with `--cpu-prof`, and only the window is sampled.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const INSPECTOR = 'http://127.0.0.1:9229';

/** Starts V8's sampling profiler in process `pid`; `stop` ends it and resolves with the profile. */
export async function startCpuProfile(pid: number, samplingIntervalUs = 200): Promise<{ stop(): Promise<CpuProfile> }> {
  process.kill(pid, 'SIGUSR1');
  let targets: { webSocketDebuggerUrl: string }[] | undefined;
  for (let i = 0; i < 100 && !targets; i++) {
    await sleep(50);
    targets = await fetch(`${INSPECTOR}/json/list`).then(
      (r) => r.json() as Promise<{ webSocketDebuggerUrl: string }[]>,
      () => undefined,
    );
  }
  if (!targets?.[0]) throw new Error(`process ${pid} did not open its inspector on ${INSPECTOR}`);
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let id = 0;
  const pending = new Map<number, (result: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.error ? Promise.reject(new Error(JSON.stringify(message.error))) : message.result);
  });
  const call = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve) => {
      pending.set(++id, resolve as (result: unknown) => void);
      socket.send(JSON.stringify({ id, method, params }));
    });
  // Another process may hold port 9229: the profile must be of `pid`.
  const { result } = await call<{ result: { value: number } }>('Runtime.evaluate', { expression: 'process.pid' });
  if (result.value !== pid) throw new Error(`the inspector on ${INSPECTOR} belongs to process ${result.value}, not ${pid}`);
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
  await call('Profiler.start');
  return {
    async stop() {
      const { profile } = await call<{ profile: CpuProfile }>('Profiler.stop');
      // The inspector closes itself once asked (its reply may never come): port 9229 is free for the next profile.
      socket.send(JSON.stringify({ id: ++id, method: 'Runtime.evaluate', params: { expression: "process.getBuiltinModule('node:inspector').close()" } }));
      await sleep(200);
      socket.terminate();
      return profile;
    },
  };
}

const packageOf = (url: string) => {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const inModules = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)(?!.*node_modules)/);
  if (inModules) return inModules[1]!;
  const own = url.match(/telepulse[^/]*\/(?:wt\/[^/]+\/)?([^/]+\/(?:src\/)?[^/]+)/) ?? url.match(/\/wt\/[^/]+\/((?:[^/]+\/){1,2}(?:src\/)?[^/]+)/);
  return own ? `telepulse ${own[1]}` : url;
};
const functionOf = ({ functionName, url, lineNumber }: ProfileNode['callFrame']) =>
  `${functionName || '(anonymous)'} ${url.replace(/.*node_modules\//, '').replace(/.*\/(gateway|internal|subgraphs)\//, '$1/')}:${lineNumber + 1}`;

/**
 * The profile as markdown: busy time per response, self time by package and by function, and
 * inclusive time (the function and what it called) by function, per response and as a share of
 * the busy samples (idle and "(program)" excluded, GC included).
 */
export function summarizeProfile(profile: CpuProfile, responses: number, top = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const idle = (node: ProfileNode) => ['(idle)', '(program)'].includes(node.callFrame.functionName);
  let busy = 0;
  const selfByFunction = new Map<string, number>();
  const selfByPackage = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    if (idle(node)) continue;
    busy += us;
    selfByFunction.set(functionOf(node.callFrame), (selfByFunction.get(functionOf(node.callFrame)) ?? 0) + us);
    selfByPackage.set(packageOf(node.callFrame.url), (selfByPackage.get(packageOf(node.callFrame.url)) ?? 0) + us);
  }
  // Inclusive: each function counted once per sample stack (recursion does not count twice).
  const inclusive = new Map<string, number>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  for (const [id, us] of self) {
    if (idle(byId.get(id)!)) continue;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = functionOf(byId.get(at)!.callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  const per = (us: number) => (responses ? (us / responses / 1000).toFixed(3) : '?');
  const share = (us: number) => `${((us / busy) * 100).toFixed(1)} %`;
  const rows = (map: Map<string, number>, n: number, skip: (name: string) => boolean = () => false) =>
    [...map].filter(([name]) => !skip(name)).sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, us]) => `| ${name} | ${per(us)} | ${share(us)} |`);
  return [
    `${(busy / 1000).toFixed(0)} ms busy over ${responses} responses = ${per(busy)} ms per response (sampled; idle and "(program)" excluded, GC included)`,
    '',
    '| package (self) | ms per response | share |',
    '|---|---:|---:|',
    ...rows(selfByPackage, 15),
    '',
    '| function (self) | ms per response | share |',
    '|---|---:|---:|',
    ...rows(selfByFunction, top),
    '',
    '| function (inclusive) | ms per response | share |',
    '|---|---:|---:|',
    ...rows(inclusive, top * 2, (name) => name.startsWith('(root)')),
  ].join('\n');
}
