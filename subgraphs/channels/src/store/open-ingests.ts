import { createHash } from 'node:crypto';
import type { OpenIngest } from './documents.js';

/**
 * Open ingests a channel document keeps at most. Each failed ingest that is never retried leaves
 * one behind; past this many the oldest is dropped, and the items it wrote then read as committed
 * without having been counted (their retry no longer heals the count).
 */
export const MAX_OPEN_INGESTS = 64;

/** What identifies an ingest's items: the same for a retry of the same call, whatever the order. */
export function ingestKey(kind: 'posts' | 'subscriberCounts', channelId: string, itemKeys: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([kind, channelId, [...itemKeys].sort()]))
    .digest('hex')
    .slice(0, 32);
}

/** `open` with `entry` added, the oldest dropped beyond MAX_OPEN_INGESTS. */
export function withOpenIngest(open: readonly OpenIngest[], entry: OpenIngest): OpenIngest[] {
  return [...open, entry].slice(-MAX_OPEN_INGESTS);
}
