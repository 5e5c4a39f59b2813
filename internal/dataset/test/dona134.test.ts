import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultDona134CsvPath,
  defaultSharedDataDir,
  importDona134Csv,
  InvalidDona134RowError,
  parseReactions,
} from '../src/dona134.js';
import { parseChannelLine, toJsonLine } from '../src/interchange.js';

const fixture = readFileSync(join(import.meta.dirname, 'fixtures/dona134-sample.csv'), 'utf8');
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('parseReactions', () => {
  it('sums the counts of every reaction kind', () => {
    expect(parseReactions("ReactionEmoji(emoticon='❤'): 4, ReactionEmoji(emoticon='👍'): 1")).toBe(5);
    expect(parseReactions("ReactionEmoji(emoticon='❤\\u200d🔥'): 13, ReactionEmoji(emoticon='❤'): 2")).toBe(15);
    expect(parseReactions("ReactionCustomEmoji(document_id=5368324170671202286): 3, ReactionEmoji(emoticon='🔥'): 2")).toBe(5);
    expect(parseReactions("ReactionPaid(): 7, ReactionEmoji(emoticon=')'): 1")).toBe(8);
    expect(parseReactions('None')).toBe(0);
    expect(parseReactions('')).toBe(0);
  });

  it('rejects a cell it cannot read, naming the line and the unread part', () => {
    expect(() => parseReactions("ReactionEmoji(emoticon='❤'): lots", 17)).toThrow(InvalidDona134RowError);
    expect(() => parseReactions("ReactionEmoji(emoticon='❤'): lots", 17)).toThrow(/CSV line 17, column Reactions: .*got "ReactionEmoji/);
  });
});

describe('importDona134Csv', () => {
  const channel = importDona134Csv(fixture);
  const posts = channel.posts;

  it('imports every row of the sample with the expected totals', () => {
    expect(channel.id).toBe('dona134');
    expect(posts).toHaveLength(13);
    expect(sum(posts.map((p) => p.views))).toBe(2352);
    expect(sum(posts.map((p) => p.replies))).toBe(8);
    expect(sum(posts.map((p) => p.reactions))).toBe(33);
    expect(posts.filter((p) => p.text !== '')).toHaveLength(4);
    expect(posts.filter((p) => p.hasMedia)).toHaveLength(11); // 2 of 13 rows are `No Media`
    expect(posts.every((p) => p.forwards === null)).toBe(true);
    expect(channel.subscriberCounts).toEqual([]);
  });

  it('sorts posts oldest first, keeps album rows in file order and numbers them from 1', () => {
    expect(posts.map((p) => p.id)).toEqual(posts.map((_, i) => String(i + 1)));
    const times = posts.map((p) => p.postedAt);
    expect(times).toEqual([...times].sort());
    expect(posts[0]).toEqual({
      id: '1',
      postedAt: '2023-12-25T14:25:39.000Z',
      views: 0,
      forwards: null,
      replies: 0,
      reactions: 0,
      text: '',
      textLength: 0,
      hasMedia: false,
    });
    const album = posts.filter((p) => p.postedAt === '2024-12-13T16:32:41.000Z');
    expect(album.map((p) => [p.id, p.views, p.reactions])).toEqual([
      ['5', 226, 0],
      ['6', 226, 0],
      ['7', 220, 0],
      ['8', 220, 0],
      ['9', 221, 5],
    ]);
  });

  it('keeps multi-line messages whole, with their length in UTF-16 code units', () => {
    const caption = posts.find((p) => p.id === '9')!;
    expect(caption.text).toMatch(/^\*\*Для тех, кто хочет рельефный живот \*\*\n\nВ первую очередь/);
    expect(caption.text).toMatch(/Всем крепкого кора💞$/);
    expect(caption.textLength).toBe(469);
    expect(caption.textLength).toBe(caption.text!.length);
    const sport = posts.find((p) => p.postedAt === '2024-11-27T14:31:11.000Z')!;
    expect(sport.reactions).toBe(16);
  });

  it('produces a record that passes the interchange schema', () => {
    expect(parseChannelLine(toJsonLine(channel), 1)).toEqual(channel);
  });

  it('rejects an unknown media type, naming the CSV line', () => {
    const broken = fixture.replace('303,4,None,Other Media', '303,4,None,Sticker');
    expect(() => importDona134Csv(broken)).toThrow(
      /CSV line \d+, column Media Type: .*got "Sticker"/,
    );
  });

  it('locates the shared data folder next to the repository', () => {
    expect(defaultSharedDataDir()).toBe(join(import.meta.dirname, '../../../../shared/data'));
    expect(defaultDona134CsvPath()).toBe(join(defaultSharedDataDir(), 'telegram-channel-dona134.csv'));
  });
});

describe('the real dona134 export', () => {
  const path = defaultDona134CsvPath();
  it.skipIf(!existsSync(path))('imports all 485 posts, 115 of them with text', () => {
    const channel = importDona134Csv(readFileSync(path, 'utf8'));
    expect(channel.posts).toHaveLength(485);
    expect(channel.posts.filter((p) => p.text !== '')).toHaveLength(115);
    expect(sum(channel.posts.map((p) => p.views))).toBe(169_854);
    expect(sum(channel.posts.map((p) => p.replies))).toBe(191);
    expect(sum(channel.posts.map((p) => p.reactions))).toBe(1296);
    expect(channel.posts[0]!.postedAt).toBe('2023-12-25T14:25:39.000Z');
    expect(channel.posts.at(-1)!.postedAt).toBe('2024-12-21T14:38:09.000Z');
  });
});
