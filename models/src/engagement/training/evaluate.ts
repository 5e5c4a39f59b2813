import { confidence, isHit, median, type ConfidenceInputs, type ConfidenceModel } from '../confidence.js';
import { ratioToRate } from '../features.js';
import { outputScale, type EngagementOutput } from '../inference.js';
import type { CalibrationRow, HeldOutMetrics } from '../metadata.js';
import type { EngagementExample } from './examples.js';

export { predictWithOnnx } from '../offline-model.js';

/** The network's outputs read as tensors' rows: [ratio, logScale] pairs. */
export function outputsFromFlat(values: ArrayLike<number>): EngagementOutput[] {
  return Array.from({ length: values.length / 2 }, (_, i) => ({ ratio: values[2 * i]!, logScale: values[2 * i + 1]! }));
}

/** The rate each output stands for. */
export function ratesOf(examples: readonly EngagementExample[], outputs: readonly EngagementOutput[]): number[] {
  return examples.map((e, i) => ratioToRate(outputs[i]!.ratio, e.level));
}

/** MAE of predictions and of the rolling-16 baseline on the same examples. */
export function heldOutMetrics(examples: readonly EngagementExample[], predictions: ArrayLike<number>): HeldOutMetrics {
  let model = 0;
  let baseline = 0;
  examples.forEach((e, i) => {
    model += Math.abs(predictions[i]! - e.target);
    baseline += Math.abs(median(e.baselineRates) - e.target);
  });
  const n = Math.max(examples.length, 1);
  const mae = model / n;
  const baselineMae = baseline / n;
  return { examples: examples.length, mae: round(mae), baselineMae: round(baselineMae), improvement: round(baselineMae > 0 ? 1 - mae / baselineMae : 0) };
}

/** The confidence inputs of one example and the network's output for it. */
export function confidenceInputs(example: EngagementExample, output: EngagementOutput, historyPosts: number): ConfidenceInputs {
  return {
    prediction: ratioToRate(output.ratio, example.level),
    ratio: output.ratio,
    scale: outputScale(output),
    level: example.level,
    historyShare: example.historyLength / historyPosts,
    hasEarlyCounts: example.hasEarlyCounts,
  };
}

/** Error by confidence quintile: what the README's confidence table shows. */
export function calibrationTable(
  examples: readonly EngagementExample[],
  outputs: readonly EngagementOutput[],
  model: ConfidenceModel,
  historyPosts: number,
  buckets = 5,
): CalibrationRow[] {
  const rows = examples
    .map((e, i) => {
      const inputs = confidenceInputs(e, outputs[i]!, historyPosts);
      return { c: confidence(model, inputs), error: Math.abs(inputs.prediction - e.target), hit: isHit(e.target, inputs.prediction) };
    })
    .sort((a, b) => a.c - b.c);
  return Array.from({ length: buckets }, (_, b) => {
    const slice = rows.slice(Math.floor((b * rows.length) / buckets), Math.floor(((b + 1) * rows.length) / buckets));
    const mean = (f: (r: (typeof rows)[number]) => number) => round(slice.reduce((s, r) => s + f(r), 0) / Math.max(slice.length, 1));
    return {
      from: round(slice[0]?.c ?? 0),
      to: round(slice[slice.length - 1]?.c ?? 0),
      examples: slice.length,
      meanConfidence: mean((r) => r.c),
      hitRate: mean((r) => (r.hit ? 1 : 0)),
      mae: mean((r) => r.error),
    };
  });
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
