import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from '@telepulse/devstack/ports';
import { hasExited, stopChild } from '@telepulse/devstack/service-process';

/**
 * Message brokers of a test's own, from Debian's packages (tools/bootstrap.mjs installs them and
 * passes their paths as REDIS_SERVER_PATH and NATS_SERVER_PATH): each on a free loopback port, in
 * a temporary directory of its own, keeping nothing on disk. `restart()` starts it again on the
 * same port (an outage and its end); `stop()` stops it by its pid and removes the directory. A
 * broker still running when the test process exits (a failed test that skipped its afterAll) is
 * killed then, so none outlives the run.
 */

export interface TestBroker {
  /** redis://127.0.0.1:<port> or nats://127.0.0.1:<port>. */
  url: string;
  /** Stops the server (SIGTERM, by pid) and waits for it to exit; its port stays reserved for `restart`. */
  stop(): Promise<void>;
  /** Starts the server again on the same port; resolves once it accepts connections. */
  restart(): Promise<void>;
}

type BrokerName = 'redis' | 'nats';

const BINARIES: Record<BrokerName, { variable: string; debian: string; pkg: string }> = {
  redis: { variable: 'REDIS_SERVER_PATH', debian: '/usr/bin/redis-server', pkg: 'redis-server' },
  nats: { variable: 'NATS_SERVER_PATH', debian: '/usr/sbin/nats-server', pkg: 'nats-server' },
};

/** The server binary for `name`: its variable, else Debian's path; undefined when neither exists. */
function binary(name: BrokerName): string | undefined {
  const { variable, debian } = BINARIES[name];
  const given = process.env[variable];
  if (given) return existsSync(given) ? given : undefined;
  return existsSync(debian) ? debian : undefined;
}

/**
 * Why the broker tests cannot run here, and how to make them run; undefined when both brokers
 * are there. For `describe.skipIf`. Said in one line on stderr, unless tools/bootstrap.mjs
 * already said it in its own `setup |` line (BROKERS_SKIPPED).
 */
export function brokersMissing(): string | undefined {
  const missing = (Object.keys(BINARIES) as BrokerName[]).filter((name) => !binary(name));
  if (missing.length === 0) return undefined;
  if (process.env.BROKERS_SKIPPED) return process.env.BROKERS_SKIPPED;
  const why = missing
    .map((name) => {
      const { variable, debian, pkg } = BINARIES[name];
      return process.env[variable] ? `${variable}=${process.env[variable]} does not exist` : `no ${pkg} at ${debian}`;
    })
    .join(', ');
  console.warn(`broker tests skipped: ${why}. To run them: apt-get install -y --no-install-recommends redis-server nats-server (as root; \`npm test\` does it), or set REDIS_SERVER_PATH and NATS_SERVER_PATH`);
  return why;
}

/** Every broker started and not yet stopped, killed when the process exits, and every directory not yet removed. */
const running = new Set<ChildProcess>();
const directories = new Set<string>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

async function startBroker(name: BrokerName, args: (port: number, dir: string) => string[]): Promise<TestBroker> {
  const file = binary(name);
  if (!file) throw new Error(`cannot start ${name}: ${brokersMissing()}`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `telepulse-${name}-`));
  directories.add(dir);
  let child: ChildProcess | undefined;
  let output = '';
  const start = async () => {
    output = '';
    const started = spawn(file, args(port, dir), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    running.add(started);
    started.once('exit', () => running.delete(started));
    for (const stream of [started.stdout!, started.stderr!]) stream.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
    try {
      await Promise.race([
        waitForPort(port, 15_000),
        new Promise((_, reject) => started.once('exit', (code, signal) => reject(new Error(`${name} exited (${signal ?? code}) while starting on port ${port}: ${output.trim()}`)))),
      ]);
    } catch (error) {
      await stopChild(started);
      throw error;
    }
  };
  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let removed = false;
  return {
    url: `${name}://127.0.0.1:${port}`,
    async stop() {
      if (child && !hasExited(child)) await stopChild(child);
    },
    async restart() {
      if (removed) throw new Error(`${name} on port ${port} was removed`);
      if (child && !hasExited(child)) throw new Error(`${name} on port ${port} is running: stop it first`);
      await start();
    },
    /** Stops it and removes its directory: the end of a test file. */
    async [Symbol.asyncDispose]() {
      removed = true;
      if (child && !hasExited(child)) await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
      directories.delete(dir);
    },
  } as TestBroker & AsyncDisposable;
}

/** A Redis on a free loopback port: no RDB snapshots, no append-only file, no daemon. */
export function startRedis(): Promise<TestBroker & AsyncDisposable> {
  return startBroker('redis', (port, dir) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning']) as Promise<TestBroker & AsyncDisposable>;
}

/** A NATS server (core pub/sub, no JetStream: nothing stored) on a free loopback port. */
export function startNats(): Promise<TestBroker & AsyncDisposable> {
  return startBroker('nats', (port) => ['--addr', '127.0.0.1', '--port', String(port)]) as Promise<TestBroker & AsyncDisposable>;
}
