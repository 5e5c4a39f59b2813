import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultDona134CsvPath, importDona134Csv, type ChannelRecord, type PostRecord } from '@telepulse/dataset';
import {
  buildContentExamples,
  contentDatasets,
  earlyContentExamples,
  laterContentExamples,
  MIN_CHANNEL_EXAMPLES,
  type ContentDataConfig,
} from '../../src/content/content-examples.js';
import { splitChannel } from '../../src/evaluation/time-split.js';

type Counts = Partial<Pick<PostRecord, 'views' | 'forwards' | 'replies' | 'reactions' | 'text' | 'hasMedia'>>;

/** A channel with one post per entry, hourly from 2024-03-01: 1000 views, text "post k", no interactions unless given. */
function channel(id: string, posts: readonly Counts[]): ChannelRecord {
  return {
    id,
    title: id,
    subscriberCounts: [],
    posts: posts.map((p, k) => {
      const text = p.text === undefined ? `post ${k + 1}` : p.text;
      return {
        id: String(k + 1),
        postedAt: new Date(Date.UTC(2024, 2, 1, k)).toISOString(),
        views: p.views ?? 1000,
        forwards: p.forwards === undefined ? 0 : p.forwards,
        replies: p.replies ?? 0,
        reactions: p.reactions ?? 0,
        text,
        textLength: text?.length ?? 50,
        hasMedia: p.hasMedia ?? false,
      };
    }),
  };
}

/** Twenty text posts with 1..20 reactions per 1000 views. */
const ramp = (id = 'ramp') => channel(id, Array.from({ length: 20 }, (_, k) => ({ reactions: k + 1 })));

describe('buildContentExamples', () => {
  it('takes the posts with text and views, skipping media-only, whitespace-only, unknown text and unseen posts', () => {
    const c = channel('c', [...Array.from({ length: 10 }, () => ({ reactions: 5 })), { text: '' }, { text: ' \n\t' }, { text: null }, { views: 0, reactions: 0 }]);
    const examples = buildContentExamples([c]);
    expect(examples.map((e) => e.postId)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(examples[0]).toEqual({
      channelId: 'c',
      postId: '1',
      text: 'post 1',
      postedAt: new Date('2024-03-01T00:00:00.000Z'),
      hasMedia: false,
      views: 1000,
      relativeEngagement: 0,
      viral: false,
    });
  });

  it('gives no examples for a channel with fewer than MIN_CHANNEL_EXAMPLES posts with text', () => {
    expect(MIN_CHANNEL_EXAMPLES).toBe(10);
    const short = channel('short', [...Array.from({ length: 9 }, () => ({ reactions: 3 })), { text: '' }, { text: '' }]);
    expect(buildContentExamples([short, ramp()]).every((e) => e.channelId === 'ramp')).toBe(true);
  });

  it('measures engagement against the channel’s median rate, forwards, replies and reactions together', () => {
    const examples = buildContentExamples([ramp()]);
    // Rates 1..20 per 1000: the median is 10.5 per 1000.
    expect(examples[19]!.relativeEngagement).toBeCloseTo(Math.log((0.02 + 1e-4) / (0.0105 + 1e-4)), 12);
    expect(examples[0]!.relativeEngagement).toBeCloseTo(Math.log((0.001 + 1e-4) / (0.0105 + 1e-4)), 12);
    const mixed = channel('mixed', [...Array.from({ length: 10 }, () => ({ reactions: 10 })), { forwards: 4, replies: 3, reactions: 3 }, { forwards: null, reactions: 0 }]);
    const [, , , , , , , , , , kinds, nothing] = buildContentExamples([mixed]);
    expect(kinds!.relativeEngagement).toBeCloseTo(0, 12);
    expect(nothing!.relativeEngagement).toBeCloseTo(Math.log(1e-4 / (0.01 + 1e-4)), 12);
  });

  it('marks the top decile of (forwards + reactions) per view as viral by mid-rank, tied posts together, zero never', () => {
    expect(buildContentExamples([ramp()]).filter((e) => e.viral).map((e) => e.postId)).toEqual(['19', '20']);
    // Replies do not spread a post: 50 replies do not make post 19 viral; 3 forwards and 17 reactions make post 20.
    // Spread per 1000 views otherwise: five 0s, four 1s, four 2s, three 3s, three 4s (mid-rank 17.5 of 20: not in the top tenth).
    const replies = channel('replies', [...Array.from({ length: 18 }, (_, k) => ({ reactions: k % 5 })), { replies: 50 }, { forwards: 3, reactions: 17 }]);
    expect(buildContentExamples([replies]).filter((e) => e.viral).map((e) => e.postId)).toEqual(['20']);
    // Three tied at the top (mid-rank 18.5 of 20) are all viral; a channel whose posts all score alike has none.
    const ties = channel('ties', [...Array.from({ length: 17 }, () => ({ reactions: 1 })), { reactions: 9 }, { reactions: 9 }, { reactions: 9 }]);
    expect(buildContentExamples([ties]).filter((e) => e.viral).map((e) => e.postId)).toEqual(['18', '19', '20']);
    expect(buildContentExamples([channel('same', Array.from({ length: 12 }, () => ({ reactions: 4 })))]).some((e) => e.viral)).toBe(false);
    // A post nobody spread is never viral, even where most posts score 0.
    const silent = channel('silent', Array.from({ length: 12 }, (_, k) => ({ reactions: k === 0 ? 1 : 0 })));
    expect(buildContentExamples([silent]).filter((e) => e.viral).map((e) => e.postId)).toEqual(['1']);
  });

  it('computes levels and deciles within the channels given, each channel on its own', () => {
    const loud = channel('loud', Array.from({ length: 20 }, (_, k) => ({ reactions: 100 + k })));
    const together = buildContentExamples([ramp(), loud]);
    expect(together.filter((e) => e.channelId === 'ramp')).toEqual(buildContentExamples([ramp()]));
    expect(together.filter((e) => e.viral).map((e) => `${e.channelId}/${e.postId}`)).toEqual(['ramp/19', 'ramp/20', 'loud/19', 'loud/20']);
  });
});

describe('earlyContentExamples and laterContentExamples', () => {
  it('cut each channel where evaluation cuts it, and judge each part within itself', () => {
    // 60 posts: the first 48 train. A wild later post must not move the early examples' targets.
    const posts = Array.from({ length: 60 }, (_, k) => ({ reactions: 1 + (k % 8) }));
    const calm = channel('c', posts);
    const wild = channel('c', posts.map((p, k) => (k === 59 ? { reactions: 900 } : p)));
    expect(splitChannel(calm).heldOutFrom).toBe(48);
    const early = earlyContentExamples([wild]);
    expect(early.map((e) => e.postId)).toEqual(Array.from({ length: 48 }, (_, k) => String(k + 1)));
    expect(early).toEqual(earlyContentExamples([calm]));
    const later = laterContentExamples([wild]);
    expect(later.map((e) => e.postId)).toEqual(Array.from({ length: 12 }, (_, k) => String(k + 49)));
    expect(later.filter((e) => e.viral).map((e) => e.postId)).toEqual(['60']);
    expect(laterContentExamples([wild], { heldOutShare: 0.5 })).toHaveLength(30);
  });
});

describe('contentDatasets', () => {
  const config: ContentDataConfig = { seed: 5, simulator: { seed: 13, channels: 12, days: 60, endDate: '2024-12-31' }, split: { calibration: 2, test: 3 } };
  const data = contentDatasets(config);
  const channelsOf = (examples: readonly { channelId: string }[]) => new Set(examples.map((e) => e.channelId));

  it('splits simulated channels: none in two sets, the counts the config asks for', () => {
    expect(data.split).toEqual({ train: 7, calibration: 2, test: 3, files: 0 });
    const [train, calibration, test] = [channelsOf(data.train), channelsOf(data.calibration), channelsOf(data.test)];
    expect([...train].some((c) => calibration.has(c) || test.has(c))).toBe(false);
    expect([...calibration].some((c) => test.has(c))).toBe(false);
    expect(test.size).toBeLessThanOrEqual(3);
    expect(data.train.length).toBeGreaterThan(300);
  });

  it('is deterministic, labels about a tenth of the posts viral, and adds file channels to training only', () => {
    const again = contentDatasets(config);
    expect(again.test).toEqual(data.test);
    const all = [...data.train, ...data.calibration, ...data.test];
    const viral = all.filter((e) => e.viral).length / all.length;
    expect(viral).toBeGreaterThan(0.09);
    expect(viral).toBeLessThan(0.13);
    const file = ramp('file');
    const withFile = contentDatasets(config, [file]);
    expect(withFile.train.filter((e) => e.channelId === 'file')).toHaveLength(20);
    expect(withFile.split.files).toBe(1);
    expect(withFile.test).toEqual(data.test);
  });
});

describe('the real dona134 export', () => {
  const path = defaultDona134CsvPath();
  it.skipIf(!existsSync(path))('gives an example for each of its 115 posts with text, 103 of them in the early part that trains', () => {
    const dona = importDona134Csv(readFileSync(path, 'utf8'));
    const examples = buildContentExamples([dona]);
    expect(examples).toHaveLength(115);
    expect(examples.every((e) => e.text.trim() !== '' && e.text !== 'No Text')).toBe(true);
    // The last fifth of its posts is nearly all photos: 12 of them have text.
    expect(earlyContentExamples([dona])).toHaveLength(103);
    expect(laterContentExamples([dona])).toHaveLength(12);
    expect(examples.filter((e) => e.viral)).toHaveLength(12);
  });
});
