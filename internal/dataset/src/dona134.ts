/**
 * Importer for the real channel export in the shared data folder
 * (`telegram-channel-dona134.csv`, from the MIT-licensed GitHub repository
 * Dona134/My-Telegram-Channel; see the README next to it).
 *
 * The export lists posts newest first. It has no forwards column, so forwards are `null`
 * (unknown), and no subscriber history, so `subscriberCounts` is empty.
 */
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ChannelRecord, PostRecord } from './interchange.js';

export const DONA134_CHANNEL_ID = 'dona134';
export const DONA134_CSV_FILE = 'telegram-channel-dona134.csv';

const COLUMNS = ['Date', 'Message', 'Views', 'Comments', 'Reactions', 'Media Type'] as const;
const MEDIA_TYPES = new Set(['Photo', 'Video', 'No Media', 'Other Media']);

/** A row of the export that does not match the documented format; names the CSV line and column. */
export class InvalidDona134RowError extends Error {
  readonly code = 'INVALID_DONA134_ROW' as const;
  readonly line: number;
  readonly column: string;
  readonly value: unknown;

  constructor(line: number, column: string, value: unknown, expected: string) {
    super(`CSV line ${line}, column ${column}: expected ${expected}, got ${JSON.stringify(value)}`);
    this.name = 'InvalidDona134RowError';
    this.line = line;
    this.column = column;
    this.value = value;
  }
}

/** Parses the export's CSV text into one channel record. Pure: no file access. */
export function importDona134Csv(csvText: string): ChannelRecord {
  const rows = parse(csvText, { columns: true, bom: true, info: true, skip_empty_lines: true }) as {
    record: Record<string, string | undefined>;
    info: { lines: number };
  }[];
  const first = rows[0];
  if (first) {
    const missing = COLUMNS.filter((c) => !(c in first.record));
    if (missing.length > 0) {
      throw new InvalidDona134RowError(1, missing.join(', '), Object.keys(first.record), `the columns ${COLUMNS.join(', ')}`);
    }
  }

  const dated = rows.map(({ record, info }, index) => {
    const line = info.lines; // csv-parse reports the last physical line of the record
    const cell = (column: (typeof COLUMNS)[number]) => record[column] ?? '';
    const postedAt = parseDate(cell('Date'), line);
    const message = cell('Message');
    const text = message === 'No Text' ? '' : message;
    const mediaType = cell('Media Type');
    if (!MEDIA_TYPES.has(mediaType)) {
      throw new InvalidDona134RowError(line, 'Media Type', mediaType, `one of ${[...MEDIA_TYPES].join(', ')}`);
    }
    const post: Omit<PostRecord, 'id'> = {
      postedAt: postedAt.iso,
      views: parseCount(cell('Views'), line, 'Views'),
      forwards: null,
      replies: parseCount(cell('Comments'), line, 'Comments'),
      reactions: parseReactions(cell('Reactions'), line),
      text,
      textLength: text.length,
      hasMedia: mediaType !== 'No Media',
    };
    return { ms: postedAt.ms, index, post };
  });

  // Array#sort is stable, and the index tie-break makes that explicit: posts of an album share
  // a timestamp and keep the file's order among themselves.
  dated.sort((a, b) => a.ms - b.ms || a.index - b.index);
  return {
    id: DONA134_CHANNEL_ID,
    title: 'My Telegram Channel (Dona134)',
    posts: dated.map(({ post }, i) => ({ id: String(i + 1), ...post })),
    subscriberCounts: [],
  };
}

/**
 * Sums a Reactions cell: `ReactionEmoji(emoticon='❤'): 4, ReactionEmoji(emoticon='👍'): 1` is 5,
 * `None` (or empty) is 0. Any `Reaction…(…): n` kind counts, custom emoji and paid ones included.
 */
export function parseReactions(cell: string, line = 0): number {
  const trimmed = cell.trim();
  if (trimmed === '' || trimmed === 'None') return 0;
  // One item: a Reaction… constructor whose arguments may hold quoted strings with any
  // characters (emoji, escaped `\u200d`, even parentheses), then `: count`.
  const item = /\s*Reaction\w*\((?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^()'"])*\)\s*:\s*(\d+)\s*(?:,|$)/y;
  let total = 0;
  while (item.lastIndex < trimmed.length) {
    const start = item.lastIndex;
    const match = item.exec(trimmed);
    if (!match) {
      throw new InvalidDona134RowError(line, 'Reactions', trimmed.slice(start), "items like ReactionEmoji(emoticon='❤'): 4, or None");
    }
    total += Number(match[1]);
  }
  return total;
}

/** The shared data folder (`<repo>/../shared/data`), located from this file, not the working directory. */
export function defaultSharedDataDir(): string {
  const repoRoot = resolve(import.meta.dirname, '../../..');
  return resolve(repoRoot, '../shared/data');
}

/** The default location of the export: `<shared data>/telegram-channel-dona134.csv`. */
export function defaultDona134CsvPath(): string {
  return resolve(defaultSharedDataDir(), DONA134_CSV_FILE);
}

function parseDate(cell: string, line: number): { iso: string; ms: number } {
  // `2024-12-21 14:38:09+00:00`; only UTC offsets are documented, any explicit offset is honoured.
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:\d{2})$/.exec(cell.trim());
  const ms = match ? Date.parse(`${match[1]}T${match[2]}${match[3]}`) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidDona134RowError(line, 'Date', cell, 'a timestamp like 2024-12-21 14:38:09+00:00');
  return { iso: new Date(ms).toISOString(), ms };
}

function parseCount(cell: string, line: number, column: string): number {
  if (!/^\d+$/.test(cell.trim())) throw new InvalidDona134RowError(line, column, cell, 'a non-negative integer');
  return Number(cell.trim());
}
