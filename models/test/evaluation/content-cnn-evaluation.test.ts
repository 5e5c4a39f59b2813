import { beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels, type ChannelRecord } from '@telepulse/dataset';
import { hasText, laterContentExamples } from '../../src/content/content-examples.js';
import { evaluateContentCnn, type ContentCnnAnalyzer } from '../../src/evaluation/content-cnn-evaluation.js';
import type { JudgedContentChannel } from '../../src/evaluation/content-cnn-report.js';
import { formatReport } from '../../src/evaluation/report-format.js';
import { splitChannel } from '../../src/evaluation/time-split.js';

let channels: ChannelRecord[];
/** Each channel's held-out examples as the evaluation builds them: its posts after the cut, measured among themselves. */
let heldOut: ReturnType<typeof laterContentExamples>[];

beforeAll(() => {
  const simulated = simulateChannels({ seed: 91, channels: 3, days: 240, idPrefix: 'cnneval' });
  // A channel cut to 30 posts: a handful of held-out texts, too few to judge.
  channels = [...simulated, { ...simulated[0]!, id: 'cnneval-short', posts: simulated[0]!.posts.slice(0, 30) }];
  heldOut = channels.map((c) => laterContentExamples([c]));
});

/** An analyzer that knows each held-out text's observed relative engagement (a perfect ranker), recording its calls. */
function oracle(): ContentCnnAnalyzer & { calls: string[][] } {
  const truth = new Map(heldOut.flat().map((e) => [e.text, e.relativeEngagement]));
  const calls: string[][] = [];
  return { version: '9.9.9', calls, analyzeMany: async (texts) => (calls.push([...texts]), texts.map((t) => ({ relativeEngagement: truth.get(t) ?? 0 }))) };
}

describe('evaluateContentCnn', () => {
  it('judges each channel on its later posts with text, in one model call, and finds a perfect ranker ahead of the baseline', async () => {
    const model = oracle();
    const report = await evaluateContentCnn(channels, model, { resamples: 200 });
    expect(report).toMatchObject({ kind: 'content-cnn', model: { name: 'content-cnn', version: '9.9.9' }, unit: 'posts with text' });
    expect(report.settings).toEqual({ heldOutShare: 0.2, minHeldOut: 10, seed: 1, resamples: 200 });

    const judged = report.channels.filter((c): c is JudgedContentChannel => c.status === 'judged');
    expect(judged.map((c) => c.channel)).toEqual(['cnneval-1', 'cnneval-2', 'cnneval-3']);
    judged.forEach((c, i) => expect(c.heldOut).toBe(heldOut[i]!.length));
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]).toEqual(heldOut.slice(0, 3).flatMap((examples) => examples.map((e) => e.text)));

    const short = report.channels[3]!;
    const texts = channels[3]!.posts.slice(splitChannel(channels[3]!).heldOutFrom).filter((p) => hasText(p) && p.views > 0).length;
    expect(texts).toBeLessThan(10);
    expect(short).toMatchObject({ channel: 'cnneval-short', status: 'too short', heldOut: texts });
    expect(short.status === 'too short' && short.reason).toContain(`${texts} held-out posts with text, fewer than 10`);

    const overall = report.overall!;
    expect(overall.heldOut).toBe(judged.reduce((n, c) => n + c.heldOut, 0));
    expect(overall.spearman!).toBeGreaterThan(0.95);
    expect(overall.spearman!).toBeGreaterThan(overall.baselineSpearman!);
    expect(overall.verdict).toBe('significantly better');
    expect(overall.channels).toMatchObject({ judged: 3, tooShort: 1, better: 3 });
    const text = formatReport({ ...report, data: 'three simulated channels' });
    expect(text).toContain('content-cnn 9.9.9 on three simulated channels');
    expect(text).toMatch(/overall \(3 channels\)/);
    expect(text).toContain("target: Spearman above the baseline's, pooled: met");
  });

  it('leaves the correlation undefined for a model that says the same of every text, and says the target is not met', async () => {
    const flat: ContentCnnAnalyzer = { version: '0', analyzeMany: async (texts) => texts.map(() => ({ relativeEngagement: 0.5 })) };
    const report = await evaluateContentCnn(channels, flat, { resamples: 50 });
    expect(report.overall!.spearman).toBeNull();
    expect(report.overall!.verdict).toBeNull();
    expect(formatReport(report)).toContain("target: Spearman above the baseline's, pooled: NOT met");
  });

  it('refuses a model that answers another number of texts than it was given', async () => {
    const broken: ContentCnnAnalyzer = { version: '0', analyzeMany: async (texts) => texts.slice(1).map(() => ({ relativeEngagement: 0 })) };
    await expect(evaluateContentCnn(channels, broken)).rejects.toThrow(/expected \d+ estimates, one per text, got \d+/);
  });

  it('judges no channel when none has enough held-out texts, and says so', async () => {
    const report = await evaluateContentCnn([channels[3]!], oracle());
    expect(report.overall).toBeNull();
    expect(formatReport(report)).toContain('no channel had enough posts with text to judge');
  });
});
