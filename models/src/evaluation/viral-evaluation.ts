/**
 * Honest evaluation of a content-viral model on a set of channels: each channel's later posts
 * (the same cut as training's, time-split.ts) are scored by the model and by the baseline, the
 * baseline fitted on the same channels' earlier posts; which posts led their channel is decided
 * within the held-out posts alone (laterContentExamples), so nothing after the cut leaks into
 * the labels of what came before it, nor the other way.
 */
import type { ChannelRecord } from '@telepulse/dataset';
import { fitViralBaseline } from '../content/content-baselines.js';
import { earlyContentExamples, laterContentExamples, VIRAL_SHARE, type ContentExample } from '../content/content-examples.js';
import type { EvaluationOptions } from './evaluation-report.js';
import { assembleViralReport, viralEvaluationSettings, type ChannelViralScores, type ViralEvaluationReport } from './viral-report.js';

/** What evaluation needs of a content-viral model (OfflineViralModel is one). */
export interface ViralScorer {
  version: string;
  scoreMany(texts: readonly string[]): Promise<readonly { score: number }[]>;
}

/** Evaluates `model` on the held-out posts of each channel; asks it for every post in one call. */
export async function evaluateViral(channels: readonly ChannelRecord[], model: ViralScorer, options: EvaluationOptions = {}): Promise<ViralEvaluationReport> {
  const settings = viralEvaluationSettings(options);
  const early = earlyContentExamples(channels, settings);
  const later = laterContentExamples(channels, settings);
  // A baseline needs both kinds of post to fit; without them it states the share of posts that lead a channel by construction.
  const baseline = early.some((e) => e.viral) && early.some((e) => !e.viral) ? fitViralBaseline(early) : () => VIRAL_SHARE;
  const scores = later.length === 0 ? [] : (await model.scoreMany(later.map((e) => e.text))).map((s) => s.score);
  const byChannel = new Map<string, { examples: ContentExample[]; scores: number[] }>(channels.map((c) => [c.id, { examples: [], scores: [] }]));
  later.forEach((e, i) => {
    const entry = byChannel.get(e.channelId)!;
    entry.examples.push(e);
    entry.scores.push(scores[i]!);
  });
  const entries = [...byChannel].map(([channel, { examples, scores: channelScores }]): ChannelViralScores => ({
    channel,
    labels: examples.map((e) => e.viral),
    scores: channelScores,
    baselineScores: examples.map(baseline),
  }));
  return assembleViralReport({ model: { name: 'content-viral', version: model.version }, settings }, entries);
}
