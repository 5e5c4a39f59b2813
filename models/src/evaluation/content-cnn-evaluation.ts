/**
 * Honest evaluation of a content CNN on a set of channels: each channel's later posts (the cut
 * every model shares, time-split.ts) are the held-out set; their relative engagement is measured
 * within that later part, the baseline (length + media + hour) is fitted on every channel's early
 * posts, and the model reads only each held-out post's text.
 */
import type { ChannelRecord } from '@telepulse/dataset';
import { fitRelativeBaseline } from '../content/content-baselines.js';
import { earlyContentExamples, hasText, laterContentExamples, MIN_CHANNEL_EXAMPLES } from '../content/content-examples.js';
import { assembleContentCnnReport, type ContentChannelValues, type ContentCnnEvaluationReport } from './content-cnn-report.js';
import { evaluationSettings, type EvaluationOptions, type UnjudgedChannel } from './evaluation-report.js';
import { splitChannel } from './time-split.js';

/** What evaluation needs of a content CNN (OfflineContentCnnModel is one). */
export interface ContentCnnAnalyzer {
  version: string;
  analyzeMany(texts: readonly string[]): Promise<readonly { relativeEngagement: number }[]>;
}

/**
 * Held-out posts with text a channel needs to be judged, unless the caller says otherwise: fewer
 * than engagement's 30, since not every post has a text (dona134's last 20 % hold 12).
 */
export const CONTENT_MIN_HELD_OUT = 10;

/** Evaluates `model` on the held-out posts with text of each channel; runs the model once over all of them. */
export async function evaluateContentCnn(channels: readonly ChannelRecord[], model: ContentCnnAnalyzer, options: EvaluationOptions = {}): Promise<ContentCnnEvaluationReport> {
  const settings = evaluationSettings({ ...options, minHeldOut: options.minHeldOut ?? CONTENT_MIN_HELD_OUT });
  const cuts = channels.map((channel) => {
    const { heldOutFrom } = splitChannel(channel, settings);
    const early = earlyContentExamples([channel], settings);
    const heldOut = laterContentExamples([channel], settings);
    // Counted here, not from the examples: a cut with too few texts for a level gives none.
    const texts = channel.posts.slice(heldOutFrom).filter((p) => hasText(p) && p.views > 0).length;
    const reasons = [
      ...(texts < settings.minHeldOut ? [`${texts} held-out posts with text, fewer than ${settings.minHeldOut}`] : []),
      ...(early.length === 0 ? [`fewer than ${MIN_CHANNEL_EXAMPLES} posts with text before the cut`] : []),
      ...(texts >= settings.minHeldOut && heldOut.length === 0 ? [`fewer than ${MIN_CHANNEL_EXAMPLES} held-out posts with text`] : []),
    ];
    return { channel, heldOutFrom, early, heldOut, texts, reasons };
  });
  const earlyExamples = cuts.flatMap((c) => c.early);
  const baseline = earlyExamples.length > 0 ? fitRelativeBaseline(earlyExamples) : null;
  const heldOut = cuts.filter((c) => c.reasons.length === 0).flatMap((c) => c.heldOut);
  const estimates = heldOut.length > 0 ? await model.analyzeMany(heldOut.map((e) => e.text)) : [];
  if (estimates.length !== heldOut.length) throw new RangeError(`analyzeMany: expected ${heldOut.length} estimates, one per text, got ${estimates.length}`);

  let next = 0;
  const entries = cuts.map(({ channel, heldOutFrom, heldOut: examples, texts, reasons }): ContentChannelValues | UnjudgedChannel => {
    const posts = channel.posts.length;
    if (reasons.length > 0) return { channel: channel.id, status: 'too short', reason: reasons.join('; '), posts, heldOut: texts };
    const predicted = examples.map(() => estimates[next++]!.relativeEngagement);
    return { channel: channel.id, posts, heldOutFrom, values: { predicted, baseline: examples.map((e) => baseline!(e)), observed: examples.map((e) => e.relativeEngagement) } };
  });
  return assembleContentCnnReport({ model: { name: 'content-cnn', version: model.version }, settings }, entries);
}
