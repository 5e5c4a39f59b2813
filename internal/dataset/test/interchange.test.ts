import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChannelRecord,
  InvalidChannelLineError,
  parseChannelLine,
  readChannelsJsonl,
  toJsonLine,
  writeChannelsJsonl,
} from '../src/interchange.js';
import { simulateChannels } from '../src/simulator.js';

const channel = (): ChannelRecord => ({
  id: 'c-1',
  title: 'Test channel',
  posts: [
    {
      id: '1',
      postedAt: '2024-12-21T14:38:09.000Z',
      views: 100,
      forwards: null,
      replies: 2,
      reactions: 5,
      text: 'hello 👋',
      textLength: 8,
      hasMedia: false,
    },
    {
      id: '2',
      postedAt: '2024-12-22T08:00:00.000Z',
      views: 50,
      forwards: 1,
      replies: 0,
      reactions: 0,
      text: null,
      textLength: 420,
      hasMedia: true,
    },
  ],
  subscriberCounts: [{ date: '2024-12-21', count: 1000 }],
});

/** Builds a line from a record, changed by `edit`, to feed broken data to the parser. */
function lineWith(edit: (json: any) => void): string {
  const json = JSON.parse(toJsonLine(channel()));
  edit(json);
  return JSON.stringify(json);
}

describe('parseChannelLine', () => {
  it('round-trips every simulated record through toJsonLine', () => {
    const records = simulateChannels({ seed: 5, channels: 6, days: 30 });
    records.forEach((record, i) => {
      const line = toJsonLine(record);
      const parsed = parseChannelLine(line, i + 1);
      expect(parsed).toEqual(record);
      expect(toJsonLine(parsed)).toBe(line);
    });
  });

  it('keeps null forwards and null text with a known length', () => {
    expect(parseChannelLine(toJsonLine(channel()), 1)).toEqual(channel());
  });

  it('rejects a negative view count, naming the line, posts[0].views and the value', () => {
    const line = lineWith((json) => {
      json.posts[0].views = -5;
    });
    expect(() => parseChannelLine(line, 3)).toThrow(InvalidChannelLineError);
    expect(() => parseChannelLine(line, 3)).toThrow(/^line 3: posts\[0\]\.views: .*non-negative.*got -5$/);
    try {
      parseChannelLine(line, 3);
    } catch (error) {
      expect(error).toMatchObject({ lineNumber: 3, field: 'posts[0].views', value: -5 });
    }
  });

  it('rejects a textLength that is not the length of the text', () => {
    const line = lineWith((json) => {
      json.posts[0].textLength = 7;
    });
    expect(() => parseChannelLine(line, 1)).toThrow(/posts\[0\]\.textLength: expected 8.*got 7/);
  });

  it('rejects fractional counts, local-time timestamps, bad dates, missing and unknown fields', () => {
    const cases: [(json: any) => void, RegExp][] = [
      [(j) => (j.posts[1].forwards = 1.5), /posts\[1\]\.forwards: .*got 1\.5/],
      [(j) => (j.posts[0].postedAt = '2024-12-21 14:38:09'), /posts\[0\]\.postedAt: .*got "2024-12-21 14:38:09"/],
      [(j) => (j.subscriberCounts[0].date = '2024-13-01'), /subscriberCounts\[0\]\.date: .*got "2024-13-01"/],
      [(j) => delete j.posts[0].replies, /posts\[0\]\.replies: .*got nothing/],
      [(j) => (j.posts[0].view = 3), /posts\[0\]\.view: unknown field, got 3/],
    ];
    for (const [edit, message] of cases) expect(() => parseChannelLine(lineWith(edit), 9)).toThrow(message);
  });

  it('rejects a line that is not JSON, naming the line', () => {
    expect(() => parseChannelLine('{"id": "x",', 12)).toThrow(/^line 12: expected one JSON object/);
  });
});

describe('readChannelsJsonl / writeChannelsJsonl', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'telepulse-dataset-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one line per channel and reads the same records back', async () => {
    const records = simulateChannels({ seed: 9, channels: 3, days: 10 });
    const path = join(dir, 'round-trip.jsonl');
    await writeChannelsJsonl(path, records);
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toHaveLength(records.length + 1); // newline-terminated
    const read: ChannelRecord[] = [];
    for await (const record of readChannelsJsonl(path)) read.push(record);
    expect(read).toEqual(records);
  });

  it('skips blank lines but counts them in the line number of an error', async () => {
    const path = join(dir, 'blank.jsonl');
    const bad = lineWith((json) => {
      json.posts[0].views = -1;
    });
    await writeFile(path, `${toJsonLine(channel())}\n\n   \n${bad}\n`);
    const read: ChannelRecord[] = [];
    await expect(async () => {
      for await (const record of readChannelsJsonl(path)) read.push(record);
    }).rejects.toThrow(/^line 4: posts\[0\]\.views/);
    expect(read).toHaveLength(1);
  });
});
