import type { HealthStatus } from '@telepulse/platform/health';

export interface InferenceHealthOptions {
  /** A success less than this old (ms) lets the probe answer UP without a canary run (0: always run one). */
  recentMs: number;
  /** How long (ms) a canary run may take before the model counts as DOWN. */
  canaryTimeoutMs: number;
  /**
   * After a worker stops or an inference fails: how long (ms) the model stays DOWN at least,
   * before a canary on the full set of workers may bring it back UP.
   */
  recoveryDelayMs: number;
}

export const DEFAULT_INFERENCE_HEALTH: InferenceHealthOptions = { recentMs: 10_000, canaryTimeoutMs: 1_000, recoveryDelayMs: 1_000 };

/** What the health of a model needs from its worker pool. */
export interface SupervisedWorkers {
  readonly size: number;
  readonly workersReady: number;
  /** Restarts the workers when they cannot come back on their own. */
  heal(): Promise<unknown>;
  /** A tiny inference on every worker; rejects when any fails. */
  canary(): Promise<void>;
}

export interface InferenceHealthStatus {
  status: Extract<HealthStatus, 'UP' | 'DOWN'>;
  error?: string;
  lastSuccessAt: Date | null;
  /** Canary runs so far (by probes and by recovery). */
  canaries: number;
}

/**
 * Whether a model can answer, from what its inferences and workers did:
 * - DOWN from the moment a worker stops or an inference fails, until, after `recoveryDelayMs`,
 *   every worker is back and a canary has succeeded on them. Successes served by the other
 *   workers meanwhile do not count: they say nothing about the replacement. The delay makes the
 *   DOWN observable before a fast replacement hides it.
 * - DOWN while fewer workers than configured have a loaded session.
 * - UP when an inference succeeded within `recentMs`; otherwise the probe runs a canary, with a
 *   deadline, and answers by its outcome.
 */
export class InferenceHealth {
  readonly options: InferenceHealthOptions;
  private lastSuccessAt: number | null = null;
  private trouble: { reason: string; since: Date; seq: number; lastAttempt?: string } | null = null;
  private seq = 0;
  private recoveryTimer: NodeJS.Timeout | undefined;
  private canaryRun: Promise<void> | null = null;
  private canaries = 0;
  private stopped = false;

  constructor(
    private readonly workers: SupervisedWorkers,
    options: Partial<InferenceHealthOptions> = {},
  ) {
    this.options = { ...DEFAULT_INFERENCE_HEALTH, ...options };
    for (const [key, value] of Object.entries(this.options)) {
      if (!(typeof value === 'number' && value >= 0)) throw new RangeError(`inference health option ${key} must be a number >= 0, got ${String(value)}`);
    }
  }

  /** An inference answered. */
  succeeded(): void {
    this.lastSuccessAt = Date.now();
  }

  /** An inference failed or a worker stopped: DOWN until recovery is proven (see the class comment). */
  failed(reason: string): void {
    if (this.stopped) return;
    this.seq += 1;
    this.trouble = { reason, since: this.trouble?.since ?? new Date(), seq: this.seq };
    this.scheduleRecovery();
  }

  /** The model's status now; may run a canary (at most one at a time). */
  async check(): Promise<InferenceHealthStatus> {
    const up = (): InferenceHealthStatus => ({ status: 'UP', ...this.facts() });
    const down = (error: string): InferenceHealthStatus => ({ status: 'DOWN', error, ...this.facts() });
    if (this.stopped) return down('the model was disposed');
    if (this.trouble) {
      const { reason, since, lastAttempt } = this.trouble;
      return down(`${reason} (since ${since.toISOString()}, recovering${lastAttempt ? `; last recovery attempt: ${lastAttempt}` : ''})`);
    }
    const { size, workersReady } = this.workers;
    if (workersReady < size) return down(`${workersReady} of ${size} inference workers have a loaded session`);
    if (this.lastSuccessAt !== null && Date.now() - this.lastSuccessAt < this.options.recentMs) return up();
    try {
      await this.canary();
      return up();
    } catch (error) {
      const reason = `canary inference failed: ${messageOf(error)}`;
      this.failed(reason);
      return down(reason);
    }
  }

  /** Stops supervising; the model reads DOWN from now on. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.recoveryTimer);
  }

  private facts() {
    return { lastSuccessAt: this.lastSuccessAt === null ? null : new Date(this.lastSuccessAt), canaries: this.canaries };
  }

  private canary(): Promise<void> {
    if (!this.canaryRun) this.canaries += 1;
    this.canaryRun ??= withDeadline(this.workers.canary(), this.options.canaryTimeoutMs)
      .then(() => this.succeeded())
      .finally(() => {
        this.canaryRun = null;
      });
    return this.canaryRun;
  }

  private scheduleRecovery(): void {
    if (this.recoveryTimer || this.stopped) return;
    this.recoveryTimer = setTimeout(() => void this.recover(), this.options.recoveryDelayMs);
    // Supervision never keeps a process alive that has nothing else to do.
    this.recoveryTimer.unref();
  }

  private async recover(): Promise<void> {
    const seq = this.seq;
    try {
      await this.workers.heal();
      if (this.workers.workersReady < this.workers.size) throw new Error('a replacement worker has not loaded its session yet');
      await this.canary();
      // Anything that went wrong while the canary ran needs its own proof.
      if (this.trouble?.seq === seq) this.trouble = null;
    } catch (error) {
      if (this.trouble) this.trouble.lastAttempt = messageOf(error);
    } finally {
      this.recoveryTimer = undefined;
      if (this.trouble) this.scheduleRecovery();
    }
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

const messageOf = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];
