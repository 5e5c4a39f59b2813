import { IssueCollector, InvalidInputError, type FieldIssue } from '@telepulse/platform';
import type { Post, SubscriberCount } from './channel.js';

/** What a client sends for a post (the GraphQL PostInput). */
export interface PostDraft {
  id: string;
  postedAt: Date;
  views: number;
  forwards?: number | null;
  replies: number;
  reactions: number;
  text?: string | null;
  textLength?: number | null;
  hasMedia: boolean;
}

export interface SubscriberCountDraft {
  date: Date;
  count: number;
}

export interface Rejection extends FieldIssue {
  index: number;
}

export interface Checked<T> {
  accepted: T[];
  rejections: Rejection[];
}

/**
 * The most items one call may carry (the defaults of MAX_INGEST_POSTS, MAX_INGEST_POINTS and
 * MAX_CHANNEL_IDS): a long channel history fits in one ingest, and no call can ask for unbounded work.
 */
export const INGEST_LIMITS = { posts: 10_000, points: 10_000, channelIds: 1000 };

/**
 * Longest texts, in UTF-16 code units: Telegram allows 128 characters in a channel title and 4,096
 * in a message, and a character takes at most two code units.
 */
export const TITLE_MAX = 256;
export const TEXT_MAX = 8192;

const CHANNEL_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
/** Telegram's first public release; an earlier post date is a data error. */
const EARLIEST = Date.UTC(2013, 7, 14);
/** Clock skew we tolerate between the source and us before calling a date "in the future". */
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

/** Throws BAD_USER_INPUT unless `id` is a usable channel id. */
export function assertChannelId(id: string, field = 'channelId'): void {
  if (!CHANNEL_ID.test(id)) {
    throw new InvalidInputError([{ field, value: id, message: 'must be 1-128 characters of letters, digits, _ . : -' }]);
  }
}

/** Throws BAD_USER_INPUT unless `title` fits a channel title. */
export function assertChannelTitle(title: string, field = 'title'): void {
  const issues = new IssueCollector();
  issues.maxLength(field, title, TITLE_MAX);
  issues.throwIfAny();
}

/**
 * Checks every post; returns the valid ones (normalised) and one rejection per invalid post
 * (its first broken rule). A post id seen twice in one request is rejected the second time.
 */
export function checkPosts(drafts: readonly PostDraft[], now: Date): Checked<Post> {
  const accepted: Post[] = [];
  const rejections: Rejection[] = [];
  const firstIndexById = new Map<string, number>();

  drafts.forEach((draft, index) => {
    const issues = new IssueCollector(`posts[${index}]`);
    if (draft.id.length === 0 || draft.id.length > 64) issues.add('id', draft.id, 'must be 1-64 characters');
    const seenAt = firstIndexById.get(draft.id);
    if (seenAt !== undefined) issues.add('id', draft.id, `appears twice in this request (first at posts[${seenAt}])`);
    issues.date('postedAt', draft.postedAt);
    if (issues.ok && draft.postedAt.getTime() < EARLIEST) issues.add('postedAt', draft.postedAt, 'is before Telegram existed');
    if (issues.ok && draft.postedAt.getTime() > now.getTime() + FUTURE_SLACK_MS) issues.add('postedAt', draft.postedAt, 'is in the future');
    issues.integer('views', draft.views, 0);
    issues.integer('forwards', draft.forwards, 0);
    issues.integer('replies', draft.replies, 0);
    issues.integer('reactions', draft.reactions, 0);
    const text = draft.text ?? null;
    const textLength = draft.textLength ?? null;
    issues.maxLength('text', text, TEXT_MAX);
    if (text === null && textLength === null) issues.add('textLength', textLength, 'is required when text is null');
    issues.integer('textLength', textLength, 0);
    if (text !== null && textLength !== null && textLength !== text.length) {
      issues.add('textLength', textLength, `must equal the text's length (${text.length})`);
    }

    const first = issues.issues[0];
    if (first) {
      rejections.push({ index, ...first });
      return;
    }
    if (seenAt === undefined) firstIndexById.set(draft.id, index);
    accepted.push({
      id: draft.id,
      postedAt: draft.postedAt,
      views: draft.views,
      forwards: draft.forwards ?? null,
      replies: draft.replies,
      reactions: draft.reactions,
      text,
      textLength: textLength ?? text!.length,
      hasMedia: draft.hasMedia,
    });
  });
  return { accepted, rejections };
}

/** Checks daily subscriber counts, as `checkPosts` does posts; dates are truncated to their UTC day. */
export function checkSubscriberCounts(drafts: readonly SubscriberCountDraft[], now: Date): Checked<SubscriberCount> {
  const accepted: SubscriberCount[] = [];
  const rejections: Rejection[] = [];
  const firstIndexByDay = new Map<number, number>();

  drafts.forEach((draft, index) => {
    const issues = new IssueCollector(`points[${index}]`);
    issues.date('date', draft.date);
    const day = issues.ok ? utcDay(draft.date) : undefined;
    if (day !== undefined) {
      if (day.getTime() > now.getTime() + FUTURE_SLACK_MS) issues.add('date', draft.date, 'is in the future');
      const seenAt = firstIndexByDay.get(day.getTime());
      if (seenAt !== undefined) issues.add('date', draft.date, `appears twice in this request (first at points[${seenAt}])`);
    }
    issues.integer('count', draft.count, 0);

    const first = issues.issues[0];
    if (first || day === undefined) {
      rejections.push({ index, ...(first ?? { field: 'date', value: draft.date, message: 'is required' }) });
      return;
    }
    firstIndexByDay.set(day.getTime(), index);
    accepted.push({ date: day, count: draft.count });
  });
  return { accepted, rejections };
}

/** With skipInvalid off, any rejection fails the whole request before anything is written. */
export function enforceAllOrNothing<T>(checked: Checked<T>, skipInvalid: boolean): void {
  if (!skipInvalid && checked.rejections.length > 0) throw new InvalidInputError(checked.rejections);
}

function utcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}
