/**
 * What the content models have to beat: linear models on what is known about a post without
 * reading it, its length, whether it has media and its hour of day (on the circle, so 23:00 is
 * next to 00:00). A content model earns its place by what its reading adds to these.
 */
import { fitLeastSquares, fitLogistic, sigmoid } from '../training/linear-models.js';
import type { ContentExample } from './content-examples.js';
import { codePointLength } from './text-features.js';

/** ln(1 + code points of the text), has media (0/1), sin and cos of the hour of day (UTC, minutes included). */
export function baselineFeatures(example: Pick<ContentExample, 'text' | 'hasMedia' | 'postedAt'>): number[] {
  const hours = example.postedAt.getUTCHours() + example.postedAt.getUTCMinutes() / 60;
  const angle = (2 * Math.PI * hours) / 24;
  return [Math.log1p(codePointLength(example.text)), example.hasMedia ? 1 : 0, Math.sin(angle), Math.cos(angle)];
}

/** Logistic regression of `viral` on the baseline features: a post's probability of leading its channel. */
export function fitViralBaseline(train: readonly ContentExample[]): (example: ContentExample) => number {
  const model = fitLogistic(train.map(baselineFeatures), train.map((e) => e.viral));
  return (example) => sigmoid(model.score(baselineFeatures(example)));
}

/** Least squares of `relativeEngagement` on the baseline features. */
export function fitRelativeBaseline(train: readonly ContentExample[]): (example: ContentExample) => number {
  const model = fitLeastSquares(train.map(baselineFeatures), train.map((e) => e.relativeEngagement));
  return (example) => model.score(baselineFeatures(example));
}
