import { describe, expect, it } from 'vitest';
import { simulateChannels } from '@telepulse/dataset';
import { laterContentExamples } from '../../src/content/content-examples.js';
import { formatReport } from '../../src/evaluation/report-format.js';
import { evaluateViral, type ViralScorer } from '../../src/evaluation/viral-evaluation.js';
import { markdownViralSummary } from '../../src/evaluation/viral-report-markdown.js';
import { isViralReport, MIN_BOOTSTRAP_CHANNELS } from '../../src/evaluation/viral-report.js';

const channels = simulateChannels({ seed: 31, channels: 16, days: 90, idPrefix: 'tiny' });
const options = { resamples: 200 };

/** Scores each text by a rule; records how often it was asked. */
function scorer(rule: (text: string) => number): ViralScorer & { calls: number } {
  const s = {
    version: '0.0.1-test',
    calls: 0,
    scoreMany: async (texts: readonly string[]) => {
      s.calls += 1;
      return texts.map((t) => ({ score: rule(t) }));
    },
  };
  return s;
}

/** An oracle that knows which held-out posts led their channel (texts repeat rarely enough on a few channels). */
function oracle(): ViralScorer & { calls: number } {
  const viral = new Map(laterContentExamples(channels).map((e) => [e.text, e.viral]));
  return scorer((t) => (viral.get(t) ? 0.9 : 0.05));
}

describe('content-viral evaluation', () => {
  it('judges each channel on its held-out posts and pools them, asking the model once', async () => {
    const model = oracle();
    const report = await evaluateViral(channels, model, options);
    expect(model.calls).toBe(1);
    expect(isViralReport(report)).toBe(true);
    const later = laterContentExamples(channels);
    expect(report.overall!.posts).toBe(later.length);
    expect(report.overall!.viral).toBe(later.filter((e) => e.viral).length);
    expect(report.channels.map((c) => c.channel)).toEqual(channels.map((c) => c.id));
    expect(report.overall!.auc.value).toBeGreaterThan(0.95);
    expect(report.overall!.targetsMet).toEqual({ auc: true, aheadOfBaseline: true });
    // Channels with no held-out post with text add nothing to the pool.
    expect(report.overall!.channels.pooled).toBe(new Set(later.map((e) => e.channelId)).size);
    expect(report.overall!.channels.pooled).toBeGreaterThanOrEqual(MIN_BOOTSTRAP_CHANNELS);
    expect(report.overall!.resampled).toBe('channels');
    expect(report.overall!.auc.low!).toBeLessThanOrEqual(report.overall!.auc.value!);
    // The baseline is judged on the same posts.
    const judged = report.channels.filter((c) => c.status === 'judged');
    expect(judged.length).toBeGreaterThan(0);
    for (const c of judged) expect(c.baselineAuc === null || (c.baselineAuc >= 0 && c.baselineAuc <= 1)).toBe(true);
  });

  it('gives a score that says nothing an AUC of one half, and misses the target', async () => {
    const report = await evaluateViral(channels, scorer(() => 0.1), options);
    expect(report.overall!.auc.value).toBe(0.5);
    expect(report.overall!.targetsMet.auc).toBe(false);
    expect(formatReport(report)).toMatch(/ROC-AUC at least 0\.75: MISSED/);
  });

  it('resamples posts when there are too few channels to resample, and says which channels were too short', async () => {
    const few = channels.slice(0, 3);
    const report = await evaluateViral(few, oracle(), { ...options, minHeldOut: 100_000 });
    expect(few.length).toBeLessThan(MIN_BOOTSTRAP_CHANNELS);
    expect(report.overall!.resampled).toBe('posts');
    expect(report.channels.every((c) => c.status === 'too short')).toBe(true);
    expect(report.overall!.channels).toMatchObject({ judged: 0, tooShort: 3 });
    expect(report.overall!.posts).toBeGreaterThan(0);
  });

  it('prints the per-channel table, the pooled intervals and the target, and a README row', async () => {
    const report = { ...(await evaluateViral(channels, oracle(), options)), data: 'tiny simulation' };
    const text = formatReport(report);
    expect(text).toContain('content-viral 0.0.1-test on tiny simulation');
    expect(text).toContain(`pooled (${report.overall!.channels.pooled} channels)`);
    expect(text).toMatch(/ROC-AUC at least 0\.75: met; ahead of the baseline on ROC-AUC and Brier: met/);
    const markdown = markdownViralSummary([{ label: 'tiny', report }]);
    expect(markdown.split('\n')).toHaveLength(3);
    expect(markdown).toContain(`| tiny | ${report.overall!.posts} (${report.overall!.viral}), ${report.overall!.channels.pooled} | ${report.overall!.auc.value!.toFixed(3)} [`);
  });
});
