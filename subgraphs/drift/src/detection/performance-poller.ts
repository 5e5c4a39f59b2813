import { randomUUID } from 'node:crypto';
import type { ReadScope } from '@telepulse/platform/supergraph-client';

/**
 * Runs performance detection on its own as feedback arrives: every `intervalMs`, for each watched
 * model in turn, one detection (which reads whatever arrived since the last). A failure (gateway
 * or feedback down, MongoDB away) is logged and the next tick tries again from the saved cursor,
 * so the poller catches up when the dependency returns. Ticks never overlap; `stop()` aborts the
 * tick in flight and waits for it.
 */
export interface Poller {
  stop(): Promise<void>;
  /** Ticks completed (tests wait on it). */
  readonly ticks: number;
}

export function startPerformancePoller(options: {
  models: readonly string[];
  intervalMs: number;
  detect: (modelId: string, scope: ReadScope) => Promise<unknown>;
  log?: (message: string) => void;
}): Poller {
  const abort = new AbortController();
  const log = options.log ?? ((m: string) => console.warn(`[drift] ${m}`));
  let ticks = 0;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const lastFailure = new Map<string, string>();

  const tick = async () => {
    for (const modelId of options.models) {
      if (abort.signal.aborted) return;
      try {
        await options.detect(modelId, { trace: { requestId: `drift-poll-${randomUUID()}`, via: [] }, signal: abort.signal });
        lastFailure.delete(modelId);
      } catch (error) {
        if (abort.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        // One line per new failure, not one per tick while a dependency stays down.
        if (lastFailure.get(modelId) !== message) log(`performance detection of ${modelId} failed, retrying every ${options.intervalMs} ms: ${message}`);
        lastFailure.set(modelId, message);
      }
    }
  };
  const schedule = () => {
    if (abort.signal.aborted) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        ticks += 1;
        schedule();
      });
    }, options.intervalMs);
    timer.unref?.();
  };
  schedule();
  return {
    get ticks() {
      return ticks;
    },
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
