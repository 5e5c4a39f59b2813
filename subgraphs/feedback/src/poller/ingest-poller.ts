/**
 * The ingest poller: every FEEDBACK_POLL_MS it records, as INGEST feedback, the observed
 * engagement rate of ingested posts whose engagement had been predicted (domain/ingest-outcomes.ts).
 * Idempotent: a prediction with feedback is skipped, and the same outcome again is the same
 * item. A tick that fails (gateway or a subgraph down) is logged and the next one tries again:
 * it reads the whole lookback window every time, so it catches up when they return. Stopped by
 * the runtime's dispose, which waits for a tick in flight and aborts its reads and writes.
 */
import { randomUUID } from 'node:crypto';
import type { ReadScope } from '@telepulse/platform/supergraph-client';
import type { IngestReader } from '../clients/ingest-reads.js';
import type { FeedbackRecord, NewFeedback } from '../domain/feedback.js';
import { duePredictions, ingestItems } from '../domain/ingest-outcomes.js';
import { submitFeedback, type RecordOutcome } from '../domain/submit-feedback.js';

/**
 * The most served predictions one tick reads per model (the `recent` fields' limit). They are the
 * newest: a system serving more engagement predictions than this within the lookback window
 * would never see its oldest ones settle, so FEEDBACK_INGEST_LOOKBACK_MS should cover less
 * (the `recent` fields have no cursor to page further back).
 */
export const RECENT_PER_TICK = 5000;

export interface IngestPollerDeps {
  reads: IngestReader;
  store: {
    bySlots(predictionIds: readonly string[]): Promise<ReadonlyMap<string, FeedbackRecord>>;
    record(records: readonly NewFeedback[], signal: AbortSignal): Promise<RecordOutcome>;
  };
  now: () => Date;
  intervalMs: number;
  minAgeMs: number;
  lookbackMs: number;
  log?: (message: string) => void;
}

/** One pass: the feedback it recorded (items new or already stored for the outcomes it found). */
export async function recordIngestedOutcomes(deps: Omit<IngestPollerDeps, 'intervalMs'>, scope: ReadScope): Promise<FeedbackRecord[]> {
  const now = deps.now();
  const recent = await deps.reads.recent(new Date(now.getTime() - deps.lookbackMs), RECENT_PER_TICK, scope);
  const candidates = recent.filter((p) => p.postedAt !== null && p.outcome === 'ENGAGEMENT_RATE');
  if (candidates.length === 0) return [];
  const have = await deps.store.bySlots(candidates.map((p) => p.id));
  const due = duePredictions(candidates, new Set(have.keys()), now, deps.minAgeMs);
  if (due.length === 0) return [];
  const items = ingestItems(due, await deps.reads.postsAt(due, scope));
  if (items.length === 0) return [];
  const known = new Map(due.map((p) => [p.id, p]));
  return submitFeedback(
    {
      findPredictions: async (ids) => new Map(ids.map((id) => [id, known.get(id) ?? null])),
      // Engagement predictions only: no forecast to scale.
      readScales: async () => new Map(),
      record: (records) => deps.store.record(records, scope.signal),
      now: () => now,
    },
    items,
    'INGEST',
    Number.MAX_SAFE_INTEGER,
  );
}

export class IngestPoller {
  /** What the last tick did, for /health. */
  readonly status: { ticks: number; recorded: number; lastError: string | null; lastTickAt: Date | null; lastSuccessAt: Date };
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly deps: IngestPollerDeps) {
    // Counted from the start, so a poller that never worked is noticed as late as one that stopped working.
    this.status = { ticks: 0, recorded: 0, lastError: null, lastTickAt: null, lastSuccessAt: deps.now() };
  }

  /** True when it has been failing for longer than `graceMs` (a gateway briefly down, or not up yet at start, is not a fault). */
  failingLongerThan(graceMs: number): boolean {
    return this.status.lastError !== null && this.deps.now().getTime() - this.status.lastSuccessAt.getTime() > graceMs;
  }

  /** Starts ticking (not when the interval is 0). */
  start(): this {
    if (this.deps.intervalMs > 0) this.schedule();
    return this;
  }

  /** Runs one tick now (tests, and the timer). Never throws: a failure is kept in `status`. */
  async tick(): Promise<void> {
    const scope: ReadScope = { trace: { requestId: `feedback-ingest-${randomUUID()}`, via: [] }, signal: this.stopping.signal };
    try {
      const recorded = await recordIngestedOutcomes(this.deps, scope);
      this.status.recorded += recorded.length;
      this.status.lastSuccessAt = this.deps.now();
      if (this.status.lastError !== null) this.deps.log?.('[feedback] ingest poller: reads work again');
      this.status.lastError = null;
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this.status.lastError) this.deps.log?.(`[feedback] ingest poller: ${message} (retrying every ${this.deps.intervalMs} ms)`);
      this.status.lastError = message;
    } finally {
      this.status.ticks += 1;
      this.status.lastTickAt = this.deps.now();
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.inFlight = this.tick().finally(() => {
        this.inFlight = undefined;
        if (!this.stopping.signal.aborted) this.schedule();
      });
    }, this.deps.intervalMs);
    this.timer.unref();
  }

  /** Stops ticking: aborts a tick in flight and waits for it. */
  async dispose(): Promise<void> {
    this.stopping.abort(new Error('feedback subgraph stopping'));
    clearTimeout(this.timer);
    await this.inFlight;
  }
}
