import { assertMaxItems } from '@telepulse/platform';
import { checkPosts, checkSubscriberCounts, enforceAllOrNothing, assertChannelId, INGEST_LIMITS } from './ingest-validation.js';
import type { PostDraft, SubscriberCountDraft, Rejection } from './ingest-validation.js';
import type { Post, SubscriberCount } from './channel.js';

export interface IngestOutcome {
  channelId: string;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: Rejection[];
}

/**
 * What ingestion needs from storage; the Mongo store implements it. Each write stores the items
 * and the channel (created when new) so that an interrupted call is healed by retrying it, and
 * readers never see a channel without the items of the call that created it. Writes stop once
 * `signal` (the request's) has aborted.
 */
export interface ChannelWriter {
  writePosts(channelId: string, posts: readonly Post[], now: Date, signal: AbortSignal): Promise<{ inserted: number; updated: number; unchanged: number }>;
  writeSubscriberCounts(channelId: string, points: readonly SubscriberCount[], now: Date, signal: AbortSignal): Promise<{ inserted: number; updated: number; unchanged: number }>;
}

export interface IngestOptions {
  skipInvalid: boolean;
  now: Date;
  /** The request's: nothing more is written once it has aborted (deadline passed, client gone). */
  signal: AbortSignal;
  /** The most items one call may carry; more fails it before anything is looked at. */
  maxItems?: number;
}

/**
 * Validates every post first (more than `maxItems` fails the call before any is looked at);
 * only then stores the valid ones, creating the channel when new. Without skipInvalid a single
 * bad post fails the call and nothing is written.
 */
export async function ingestPosts(
  writer: ChannelWriter,
  channelId: string,
  drafts: readonly PostDraft[],
  options: IngestOptions,
): Promise<IngestOutcome> {
  assertMaxItems('posts', drafts, options.maxItems ?? INGEST_LIMITS.posts, 'posts');
  assertChannelId(channelId);
  const checked = checkPosts(drafts, options.now);
  enforceAllOrNothing(checked, options.skipInvalid);
  const counts = await writer.writePosts(channelId, checked.accepted, options.now, options.signal);
  return { channelId, ...counts, rejected: checked.rejections.length, rejections: checked.rejections };
}

/** As ingestPosts, for daily subscriber counts. */
export async function ingestSubscriberCounts(
  writer: ChannelWriter,
  channelId: string,
  drafts: readonly SubscriberCountDraft[],
  options: IngestOptions,
): Promise<IngestOutcome> {
  assertMaxItems('points', drafts, options.maxItems ?? INGEST_LIMITS.points, 'points');
  assertChannelId(channelId);
  const checked = checkSubscriberCounts(drafts, options.now);
  enforceAllOrNothing(checked, options.skipInvalid);
  const counts = await writer.writeSubscriberCounts(channelId, checked.accepted, options.now, options.signal);
  return { channelId, ...counts, rejected: checked.rejections.length, rejections: checked.rejections };
}
