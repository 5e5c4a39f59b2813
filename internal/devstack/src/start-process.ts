import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { discoverSubgraphs } from '@telepulse/platform/discover-subgraphs';
import { repoRoot } from '@telepulse/platform/repo-layout';
import { isService, portVariable } from '@telepulse/platform/subgraph-manifest';
import { freePort } from './ports.js';
import { stopChild } from './service-process.js';
import { parseStartedLine } from './supervisor.js';

/** What start prints once the system is up and seeded. */
const UP_BANNER = 'telepulse is up';

export interface RunningStart {
  gatewayUrl: string;
  /** Each subgraph's GraphQL URL by name (its /health on the same origin); answered only with the gateway's proof (SUBGRAPH_SECRET). */
  subgraphUrls: Record<string, string>;
  /** start's own pid. */
  pid: number;
  /** Every line start has printed so far, its services' included. */
  output: string[];
  /** The pid of a service's process, as start's supervisor last logged it. */
  servicePid(name: string): number;
  /** Stops start as Ctrl-C would (SIGTERM), and waits until it has exited. */
  stop(): Promise<void>;
}

/**
 * Runs `scripts/start.ts` as its own process, as `pnpm start` does, with the gateway and every
 * discovered subgraph on a free loopback port, on the given MongoDB, with a DATA_DIR of its own;
 * resolves once start says it is up (demo channels seeded). For tests and benchmarks that need the real thing, supervision
 * included. Rejects, with start stopped, when start exits first or is not up in `readyTimeoutMs`.
 */
export async function launchStart(options: {
  env: { MONGODB_URI: string; MONGODB_DB_PREFIX: string } & Record<string, string>;
  /** Each line as it comes (start's and its services'). */
  onLine?: (line: string) => void;
  readyTimeoutMs?: number;
  /** The checkout whose start.ts runs (another commit's, for an A/B benchmark); this one's by default. */
  root?: string;
}): Promise<RunningStart> {
  const gatewayPort = await freePort();
  const ports: Record<string, string> = { GATEWAY_PORT: String(gatewayPort) };
  const subgraphUrls: Record<string, string> = {};
  for (const manifest of (await discoverSubgraphs()).filter(isService)) {
    const port = await freePort();
    ports[portVariable(manifest.name)] = String(port);
    subgraphUrls[manifest.name] = `http://127.0.0.1:${port}/graphql`;
  }

  // start keeps what it generates (the client-token secret) in DATA_DIR: one of this run's own, not the clone's .data.
  const dataDir = mkdtempSync(join(tmpdir(), 'telepulse-start-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: options.root ?? repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANDING_PAGE: 'off', DATA_DIR: dataDir, ...ports, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const pids = new Map<string, number>();
  const up = new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        options.onLine?.(line);
        const started = parseStartedLine(line);
        if (started) pids.set(started.name, started.pid);
        if (line.includes(UP_BANNER)) resolve();
      });
    }
    child.once('exit', (code, signal) => reject(new Error(`start exited ${signal ? `on ${signal}` : `with code ${code}`} before it was up:\n${output.slice(-30).join('\n')}`)));
  });
  // Heard by whoever awaits it below; after a timeout, start's exit must not count as unhandled.
  up.catch(() => {});
  // start stops its services before it exits: give it longer than one service gets.
  const stop = async () => {
    await stopChild(child, 20_000);
    rmSync(dataDir, { recursive: true, force: true });
  };

  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      up,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`start was not up within ${timeoutMs} ms:\n${output.slice(-30).join('\n')}`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }

  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
    subgraphUrls,
    pid: child.pid!,
    output,
    servicePid(name) {
      const pid = pids.get(name);
      if (pid === undefined) throw new Error(`start has logged no process for ${name}; it logged for ${[...pids.keys()].join(', ')}`);
      return pid;
    },
    stop,
  };
}
