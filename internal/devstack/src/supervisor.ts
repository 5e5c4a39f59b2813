import type { ServiceProcess } from './service-process.js';

/** When a service that exited on its own is started again, and when the supervisor stops trying. */
export interface RestartPolicy {
  /** Wait before the first restart; it doubles with each failure in a row. */
  initialDelayMs: number;
  /** The longest wait between two restarts. */
  maxDelayMs: number;
  /** A process that served this long ran fine: its exit starts the count of failures afresh. */
  stableAfterMs: number;
  /** Restarts in a row that may fail (exit within `stableAfterMs`) before the supervisor gives up and leaves the service down. */
  maxRestarts: number;
}

/** Restarts after 0.5 s, 1 s, 2 s, 4 s, 8 s: a service that keeps dying is left down after about 16 s of retries. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 8000, stableAfterMs: 30_000, maxRestarts: 5 };

export type RestartDecision = { restartInMs: number; failure: number } | { giveUp: true; failure: number };

/**
 * Exponential backoff over failures in a row: pure bookkeeping, so the schedule is tested
 * without waiting for it.
 */
export class RestartBackoff {
  private failures = 0;

  constructor(private readonly policy: RestartPolicy) {}

  /** After an unexpected exit of a process that had served for `servedMs` (0 if it never did). */
  next(servedMs: number): RestartDecision {
    if (servedMs >= this.policy.stableAfterMs) this.failures = 0;
    this.failures += 1;
    if (this.failures > this.policy.maxRestarts) return { giveUp: true, failure: this.failures };
    return { restartInMs: Math.min(this.policy.initialDelayMs * 2 ** (this.failures - 1), this.policy.maxDelayMs), failure: this.failures };
  }
}

export type SupervisedState = 'starting' | 'up' | 'restarting' | 'gave up' | 'stopped';

export interface SupervisedService {
  name: string;
  /** Resolves once the first process serves; rejects (and leaves nothing running) when it does not. */
  started: Promise<void>;
  /** The process serving now; undefined while a restart is pending, after giving up and after `stop`. */
  readonly pid: number | undefined;
  readonly state: SupervisedState;
  /** A deliberate stop: the process is stopped (SIGTERM, then SIGKILL) and not restarted. */
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  name: string;
  /** Starts one process of the service. */
  launch: () => ServiceProcess;
  /** Resolves once that process serves; rejects when it exits first or never does. */
  ready: (process: ServiceProcess) => Promise<void>;
  log: (line: string) => void;
  policy?: Partial<RestartPolicy>;
}

/** The line logged for every process a supervisor starts; `parseStartedLine` reads it back. */
export const startedLine = (name: string, pid: number | undefined) => `${name} started (pid ${pid ?? '?'})`;

/** The service and pid in a `startedLine` anywhere in a log line, for tools that run `start` as a child. */
export function parseStartedLine(line: string): { name: string; pid: number } | undefined {
  const match = /(?:^|\| )([\w-]+) started \(pid (\d+)\)$/.exec(line);
  return match ? { name: match[1]!, pid: Number(match[2]) } : undefined;
}

/**
 * Starts a service and keeps it running. `started` resolves once its first process serves, and
 * rejects, with nothing left running, when that process does not: a service that cannot start
 * is a broken setup, not a crash to retry. From then on, a process that exits without `stop`
 * having been called (a crash, `kill -9`, a SIGTERM from someone else) is logged with its exit
 * code or signal and started again after the backoff, until `maxRestarts` restarts in a row
 * have failed, after which the service stays down with a log line saying so.
 */
export function superviseService(options: SupervisorOptions): SupervisedService {
  const { name, log } = options;
  const policy = { ...DEFAULT_RESTART_POLICY, ...options.policy };
  const backoff = new RestartBackoff(policy);
  let current: ServiceProcess | undefined;
  let state: SupervisedState = 'starting';
  let pending: NodeJS.Timeout | undefined;

  /** Starts a process and waits until it serves; false when it did not (its exit, if any, is handled on its own). */
  const launch = async (): Promise<boolean> => {
    const process = options.launch();
    let servedSince: number | undefined;
    current = process;
    log(startedLine(name, process.child.pid));
    process.child.once('exit', (code, signal) => {
      if (current !== process) return;
      current = undefined;
      // Exits while starting for the first time fail `started`; after a stop they are expected.
      if (state === 'starting' || state === 'stopped') return;
      exited(code, signal, servedSince === undefined ? 0 : Date.now() - servedSince);
    });
    const launchedAt = Date.now();
    try {
      await options.ready(process);
    } catch (error) {
      if (state === 'starting' || state === 'stopped') {
        await process.stop();
        if (state === 'starting') throw error;
        return false;
      }
      // Never answered though still running: end it, and that exit counts as a failure.
      if (current === process) {
        log(`${name} did not come up: ${(error as Error).message}; killing it`);
        process.child.kill('SIGKILL');
      }
      return false;
    }
    if (current !== process || state === 'stopped') return false;
    servedSince = Date.now();
    if (state === 'restarting') log(`${name} is up again (pid ${process.child.pid}, ${seconds(servedSince - launchedAt)} to start)`);
    state = 'up';
    return true;
  };

  const exited = (code: number | null, signal: NodeJS.Signals | null, servedMs: number) => {
    const how = signal ? `on ${signal}` : `with code ${code}`;
    const served = servedMs > 0 ? `after ${seconds(servedMs)} up` : 'before it served';
    const decision = backoff.next(servedMs);
    if ('giveUp' in decision) {
      state = 'gave up';
      log(
        `${name} exited ${how} ${served}: ${policy.maxRestarts} restarts in a row failed, giving up; ${name} stays down ` +
          '(the rest keeps running). Fix it, then stop and start again.',
      );
      return;
    }
    state = 'restarting';
    log(`${name} exited ${how} ${served}; restarting in ${seconds(decision.restartInMs)} (attempt ${decision.failure} of ${policy.maxRestarts})`);
    pending = setTimeout(() => {
      pending = undefined;
      if (state !== 'stopped') void launch();
    }, decision.restartInMs);
  };

  const started = launch().then((served) => {
    if (!served) throw new Error(`${name} was stopped before it served`);
  });
  // Whoever awaits `started` hears of a failed start; this only keeps it from counting as unhandled.
  started.catch(() => {});

  return {
    name,
    started,
    get pid() {
      return current?.child.pid;
    },
    get state() {
      return state;
    },
    async stop() {
      state = 'stopped';
      clearTimeout(pending);
      await current?.stop();
    },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
