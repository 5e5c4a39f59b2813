/**
 * Channels' version checks shared by concurrent requests: the engagement subgraph asks the
 * channels subgraph (through the gateway) whether the histories it cached are still current on
 * every prediction, and under load most of those checks would ask the same few channels at the
 * same moment.
 */
import { GroupCommit } from '@telepulse/platform/group-commit';
import type { ReadScope, RequestTrace } from '@telepulse/platform/supergraph-client';

/** The versions of `ids` read in one query (null: the channel does not exist), in a map by id. */
export type ReadVersions = (ids: string[], scope: ReadScope) => Promise<ReadonlyMap<string, number | null>>;

/** Most channels one shared check asks for: within `channels(ids:)`'s limit (MAX_CHANNEL_IDS, 1,000 by default) with one request's 500 on top. */
const CHECK_MAX_CHANNELS = 500;

interface Asked {
  id: string;
  trace: RequestTrace;
  signal: AbortSignal;
}

/**
 * The signal of a shared check: it serves several requests, so no one of theirs ends it; it
 * aborts once every request it carries has gone (deadline passed, client hung up), so a check
 * nobody waits for any more is dropped, as a request's own read would be. `release` removes its
 * listeners from the requests' signals once the check has ended.
 */
function sharedSignal(signals: readonly AbortSignal[]): { signal: AbortSignal; release: () => void } {
  const distinct = [...new Set(signals)];
  const controller = new AbortController();
  const check = () => {
    if (!controller.signal.aborted && distinct.every((s) => s.aborted)) controller.abort(distinct[0]!.reason);
  };
  for (const s of distinct) s.addEventListener('abort', check);
  check();
  return { signal: controller.signal, release: () => distinct.forEach((s) => s.removeEventListener('abort', check)) };
}

/**
 * One check in flight at a time, carrying every channel asked since the previous one began:
 * a request arriving while a check is in flight waits for the next one (GroupCommit's queue:
 * those arriving during an operation go in the next, which starts when it ends). So every
 * answer a request gets was read after the request arrived: a prediction asked after an ingest
 * was acknowledged (whose version stamp is written before the acknowledgement) sees the new
 * version, never one read before it. A request whose signal ends while it waits is dropped
 * (DEADLINE_EXCEEDED / CANCELLED); a check in flight goes on while one of its requests is
 * still there and is aborted once none is; a failed check fails the requests it carried. A check
 * is traced under the first request it carries.
 */
export class SharedVersionChecks {
  private readonly checks: GroupCommit<Asked, number | null>;

  constructor(read: ReadVersions) {
    this.checks = new GroupCommit(
      async (asked) => {
        const shared = sharedSignal(asked.map((a) => a.signal));
        try {
          const found = await read([...new Set(asked.map((a) => a.id))], { trace: asked[0]!.trace, signal: shared.signal });
          return asked.map((a) => found.get(a.id) ?? null);
        } finally {
          shared.release();
        }
      },
      { maxGroupSize: CHECK_MAX_CHANNELS },
    );
  }

  /** Checks and requests sent so far (for tests and metrics): checks ≤ requests. */
  get stats(): { checks: number; requests: number } {
    return { checks: this.checks.stats.groups, requests: this.checks.stats.callers };
  }

  /** The versions of `ids`, in order, from a check that began after this call (null: the channel does not exist). */
  versions(ids: readonly string[], { trace, signal }: ReadScope): Promise<(number | null)[]> {
    return this.checks.submit(ids.map((id) => ({ id, trace, signal })), signal);
  }
}
