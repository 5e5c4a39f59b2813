import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.js';

export const FERRETDB_VERSION = 'v1.24.2';

/** Where tools/ferretdb/install.sh leaves the binary (an empty XDG_CACHE_HOME counts as unset, as there). */
export function cachedFerretDbPath(cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache')): string {
  return join(cacheHome, 'telepulse', `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
}

/** The FerretDB binary: FERRETDB_BIN, then the install script's cache, then `ferretdb` on PATH. */
export function findFerretDb(): string | undefined {
  const candidates = [process.env.FERRETDB_BIN, cachedFerretDbPath()].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  try {
    return execFileSync('sh', ['-c', 'command -v ferretdb'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Only seen when the bootstrap was bypassed: `npm start` and `npm test` build FerretDB first. */
export const FERRETDB_MISSING =
  'FerretDB is not built. `npm start` and `npm test` build it (needs Go; about a minute, once), ' +
  'as does `tools/ferretdb/install.sh`; or point MONGODB_URI at a MongoDB server.';

export interface FerretDbOptions {
  binary: string;
  /** SQLite files live here; reuse the directory to keep the data across restarts. */
  dataDir: string;
  port?: number;
  logFile?: string;
}

/**
 * One FerretDB process (SQLite backend) on loopback. `stop()` and `start()` may be called
 * again: a restart keeps the port and the data, as a real database restart would.
 */
export class FerretDb {
  readonly port: number;
  private child: ChildProcess | undefined;
  private paused = false;

  private constructor(
    private readonly options: FerretDbOptions & { port: number },
  ) {
    this.port = options.port;
  }

  static async launch(options: FerretDbOptions): Promise<FerretDb> {
    const server = new FerretDb({ ...options, port: options.port ?? (await freePort()) });
    await server.start();
    return server;
  }

  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}/`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }

  /** The server process's id while it runs. */
  get pid(): number | undefined {
    return this.running ? this.child!.pid : undefined;
  }

  /**
   * Freezes the process (SIGSTOP) without closing its connections: clients see a server that
   * accepts bytes and never answers, as with a stalled disk or a paused VM. `resume()` undoes it.
   */
  pause(): void {
    if (!this.running) throw new Error('FerretDB is not running');
    this.child!.kill('SIGSTOP');
    this.paused = true;
    waitUntilStopped(this.child!.pid!);
  }

  /** Lets a paused process run again (SIGCONT); it then answers what was sent while it was frozen. */
  resume(): void {
    if (this.running && this.paused) this.child!.kill('SIGCONT');
    this.paused = false;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const { binary, dataDir, logFile } = this.options;
    mkdirSync(dataDir, { recursive: true });
    const log = logFile ? openSync(logFile, 'a') : 'ignore';
    const child = spawn(
      binary,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${dataDir}/`,
        `--state-dir=${dataDir}`,
        `--listen-addr=127.0.0.1:${this.port}`,
        '--telemetry=disable',
        '--debug-addr=-',
        '--log-level=warn',
      ],
      { stdio: ['ignore', log, log] },
    );
    if (typeof log === 'number') closeSync(log);
    this.child = child;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`FerretDB exited with code ${code} before listening (log: ${logFile ?? 'none'})`))),
    );
    await Promise.race([waitForPort(this.port, 20_000), exited]);
  }

  /** Stops the process and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // A frozen process would hold SIGTERM until it runs again.
    this.resume();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.child = undefined;
  }
}

/**
 * Returns once the kernel shows `pid` stopped (Linux's /proc state T), at most a second later.
 * A signal is delivered asynchronously: on a loaded machine a request sent right after kill()
 * could still be answered, and a test that means "the server has stopped answering" would pass
 * or fail by luck. Where /proc does not exist, returns at once.
 */
function waitUntilStopped(pid: number): void {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; waited < 1000; waited += 1) {
    // The state is the field after the parenthesised command name.
    const state = readFileSync(stat, 'utf8').split(') ')[1]?.[0];
    if (state === 'T' || state === 't') return;
    Atomics.wait(pause, 0, 0, 1);
  }
}
