/**
 * The one interchange format between importers, the simulator, the seeder and the trainer:
 * JSONL, one channel per line, every line a complete `ChannelRecord`. One channel per line
 * keeps files streamable (a reader never holds more than one channel) and diffable.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';

/** One channel post as a source saw it; counts are totals at export time. */
export interface PostRecord {
  /** Message id within the channel, as a string (Telegram ids are increasing integers). */
  id: string;
  /** ISO-8601 UTC timestamp, `2024-12-21T14:38:09.000Z`. */
  postedAt: string;
  views: number;
  /** `null` when the source does not report forwards, which is not the same as zero. */
  forwards: number | null;
  /** Comments in the linked discussion group. */
  replies: number;
  /** All reactions summed over emoji kinds. */
  reactions: number;
  /** `null` when only the length is known (for example, a source that strips texts). */
  text: string | null;
  /** UTF-16 code units (`text.length`); equals `text.length` whenever `text` is present. */
  textLength: number;
  hasMedia: boolean;
}

/** A channel's subscriber count on one day. */
export interface SubscriberCountRecord {
  /** `YYYY-MM-DD` (UTC day). */
  date: string;
  count: number;
}

/** One line of the interchange file. */
export interface ChannelRecord {
  id: string;
  title: string;
  /** Ascending by `postedAt`. */
  posts: PostRecord[];
  /** Ascending by `date`; may be empty when the source has no history. */
  subscriberCounts: SubscriberCountRecord[];
}

const count = z.int({ error: 'expected an integer' }).nonnegative({ error: 'expected a non-negative integer' });

const postSchema = z
  .strictObject({
    id: z.string().min(1, { error: 'expected a non-empty id' }),
    postedAt: z.iso.datetime({ error: 'expected an ISO-8601 UTC timestamp such as 2024-12-21T14:38:09.000Z' }),
    views: count,
    forwards: count.nullable(),
    replies: count,
    reactions: count,
    text: z.string().nullable(),
    textLength: count,
    hasMedia: z.boolean(),
  })
  .superRefine((post, ctx) => {
    if (post.text !== null && post.text.length !== post.textLength) {
      ctx.addIssue({
        code: 'custom',
        path: ['textLength'],
        input: post.textLength,
        message: `expected ${post.text.length}, the length of text`,
      });
    }
  });

const subscriberCountSchema = z.strictObject({
  date: z.iso.date({ error: 'expected a YYYY-MM-DD date' }),
  count,
});

/** Validates one parsed JSONL line. Unknown keys are rejected so that a typo cannot pass silently. */
export const channelRecordSchema = z.strictObject({
  id: z.string().min(1, { error: 'expected a non-empty id' }),
  title: z.string(),
  posts: z.array(postSchema),
  subscriberCounts: z.array(subscriberCountSchema),
}) satisfies z.ZodType<ChannelRecord>;

/** A line of an interchange file breaks the format; names the line, the field path and what it held. */
export class InvalidChannelLineError extends Error {
  readonly code = 'INVALID_CHANNEL_LINE' as const;
  readonly lineNumber: number;
  /** Path such as `posts[0].views`; empty when the line as a whole is wrong (not JSON). */
  readonly field: string;
  readonly value: unknown;

  constructor(lineNumber: number, field: string, value: unknown, reason: string, options?: { cause?: unknown }) {
    const where = field === '' ? `line ${lineNumber}` : `line ${lineNumber}: ${field}`;
    super(`${where}: ${reason}, got ${formatValue(value)}`, options);
    this.name = 'InvalidChannelLineError';
    this.lineNumber = lineNumber;
    this.field = field;
    this.value = value;
  }
}

/** Parses and validates one JSONL line; throws `InvalidChannelLineError` on the first broken rule. */
export function parseChannelLine(line: string, lineNumber: number): ChannelRecord {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new InvalidChannelLineError(lineNumber, '', truncate(line), 'expected one JSON object', { cause: error });
  }
  const parsed = channelRecordSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  let path: readonly PropertyKey[] = issue.path;
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path = [...path, issue.keys[0]];
  const value = valueAt(json, path);
  const reason = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
  throw new InvalidChannelLineError(lineNumber, formatPath(path), value, reason, { cause: parsed.error });
}

/** One record as a JSONL line (no trailing newline), keys in the documented order. */
export function toJsonLine(record: ChannelRecord): string {
  // Rebuilt field by field so the output is byte-stable whatever key order the caller's objects have.
  return JSON.stringify({
    id: record.id,
    title: record.title,
    posts: record.posts.map((p) => ({
      id: p.id,
      postedAt: p.postedAt,
      views: p.views,
      forwards: p.forwards,
      replies: p.replies,
      reactions: p.reactions,
      text: p.text,
      textLength: p.textLength,
      hasMedia: p.hasMedia,
    })),
    subscriberCounts: record.subscriberCounts.map((s) => ({ date: s.date, count: s.count })),
  });
}

/** Streams and validates the channels of a JSONL file, one line at a time; blank lines are skipped. */
export async function* readChannelsJsonl(path: string): AsyncIterable<ChannelRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    yield parseChannelLine(line, lineNumber);
  }
}

/** Writes records as JSONL to `path` (created or truncated), one line each, newline-terminated. */
export async function writeChannelsJsonl(
  path: string,
  records: Iterable<ChannelRecord> | AsyncIterable<ChannelRecord>,
): Promise<void> {
  await pipeline(Readable.from(jsonLines(records)), createWriteStream(path, { encoding: 'utf8' }));
}

/**
 * Writes records as JSONL to an open stream (stdout, a socket), honouring backpressure; leaves
 * the stream open.
 */
export async function writeChannelsJsonlStream(
  stream: Writable,
  records: Iterable<ChannelRecord> | AsyncIterable<ChannelRecord>,
): Promise<void> {
  for await (const line of jsonLines(records)) {
    if (!stream.write(line)) await once(stream, 'drain');
  }
}

/** The records as newline-terminated JSONL lines. */
export async function* jsonLines(
  records: Iterable<ChannelRecord> | AsyncIterable<ChannelRecord>,
): AsyncIterable<string> {
  for await (const record of records) yield `${toJsonLine(record)}\n`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(truncate(value));
  return truncate(JSON.stringify(value) ?? String(value));
}

function truncate(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
