import { IssueCollector } from '@telepulse/platform';
import type { HistoryPost } from '@telepulse/models/engagement/features';

/** An RFC 3339 instant; the ranges here, the calendar check below (JavaScript's Date would roll 2024-02-30 over to March). */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?([Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * A channel's recent posts as a federation representation carries them: JSON that no GraphQL
 * type checked (`_Any`), where a NaN or an Infinity would otherwise flow into the model input and
 * the stored prediction. Every count must be a whole number >= 0 (forwards may be null),
 * `postedAt` a real RFC 3339 instant, `hasMedia` a boolean. Throws BAD_USER_INPUT naming every
 * broken field under `path` (e.g. `representations[0].recentPosts`); returns the posts with dates.
 */
export function checkHistory(posts: unknown, path: string): HistoryPost[] {
  const issues = new IssueCollector();
  if (!Array.isArray(posts)) {
    issues.add(path, posts, 'must be a list of posts');
    issues.throwIfAny();
  }
  const checked = (posts as unknown[]).map((raw, i) => {
    const post = issues.at(`${path}[${i}]`);
    const fields = (raw ?? {}) as Record<string, unknown>;
    for (const field of ['views', 'replies', 'reactions', 'textLength'] as const) {
      if (fields[field] === null || fields[field] === undefined) post.add(field, fields[field], 'is required');
      else post.integer(field, fields[field] as number, 0);
    }
    post.integer('forwards', fields.forwards as number | null | undefined, 0);
    if (typeof fields.hasMedia !== 'boolean') post.add('hasMedia', fields.hasMedia, 'must be true or false');
    const postedAt = instant(fields.postedAt);
    if (!postedAt) post.add('postedAt', fields.postedAt, 'must be an ISO-8601 instant with a time zone, on a real calendar day');
    return {
      postedAt: postedAt ?? new Date(Number.NaN),
      views: fields.views as number,
      forwards: (fields.forwards as number | null | undefined) ?? null,
      replies: fields.replies as number,
      reactions: fields.reactions as number,
      textLength: fields.textLength as number,
      hasMedia: fields.hasMedia as boolean,
    };
  });
  issues.throwIfAny();
  return checked;
}

function instant(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  const match = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendar = new Date(0);
  calendar.setUTCFullYear(year, month - 1, day);
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  const parsed = new Date(value as string);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/**
 * The posts' ids, as the representation carries them next to the history fields (Channel.
 * engagementBacktest asks for them): each a non-empty string, else BAD_USER_INPUT naming
 * `path[i].id`.
 */
export function checkPostIds(posts: unknown, path: string): string[] {
  const issues = new IssueCollector();
  const ids = (Array.isArray(posts) ? posts : []).map((raw, i) => {
    const id = ((raw ?? {}) as Record<string, unknown>).id;
    if (typeof id !== 'string' || id === '') issues.add(`${path}[${i}].id`, id, 'must be the post id (a non-empty string)');
    return id as string;
  });
  issues.throwIfAny();
  return ids;
}
