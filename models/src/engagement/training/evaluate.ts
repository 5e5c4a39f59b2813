import ort from 'onnxruntime-node';
import { confidence, isHit, median, type ConfidenceModel } from '../confidence.js';
import { FEATURES_PER_POST } from '../features.js';
import { ENGAGEMENT_ONNX_INPUT, ENGAGEMENT_ONNX_OUTPUT, type CalibrationRow, type HeldOutMetrics } from '../metadata.js';
import type { EngagementExample } from './examples.js';

/** Runs an ONNX engagement model over examples in batches; one prediction per example. Main thread: offline use only. */
export async function predictWithOnnx(session: ort.InferenceSession, examples: readonly EngagementExample[], batchSize = 512): Promise<Float32Array> {
  const out = new Float32Array(examples.length);
  if (examples.length === 0) return out;
  const stepSize = examples[0]!.input.length;
  for (let start = 0; start < examples.length; start += batchSize) {
    const batch = examples.slice(start, start + batchSize);
    const data = new Float32Array(batch.length * stepSize);
    batch.forEach((e, i) => data.set(e.input, i * stepSize));
    const feeds = { [ENGAGEMENT_ONNX_INPUT]: new ort.Tensor('float32', data, [batch.length, stepSize / FEATURES_PER_POST, FEATURES_PER_POST]) };
    const result = await session.run(feeds);
    out.set(result[ENGAGEMENT_ONNX_OUTPUT]!.data as Float32Array, start);
  }
  return out;
}

/** MAE of predictions and of the median baseline on the same examples. */
export function heldOutMetrics(examples: readonly EngagementExample[], predictions: ArrayLike<number>): HeldOutMetrics {
  let model = 0;
  let baseline = 0;
  examples.forEach((e, i) => {
    model += Math.abs(predictions[i]! - e.target);
    baseline += Math.abs(median(e.historyRates) - e.target);
  });
  const n = Math.max(examples.length, 1);
  const mae = model / n;
  const baselineMae = baseline / n;
  return { examples: examples.length, mae: round(mae), baselineMae: round(baselineMae), improvement: round(baselineMae > 0 ? 1 - mae / baselineMae : 0) };
}

/** Error by confidence quintile: what the README's confidence table shows. */
export function calibrationTable(
  examples: readonly EngagementExample[],
  predictions: ArrayLike<number>,
  model: ConfidenceModel,
  historyPosts: number,
  buckets = 5,
): CalibrationRow[] {
  const rows = examples
    .map((e, i) => {
      const prediction = predictions[i]!;
      const c = confidence(model, { historyRates: e.historyRates, historyPosts, hasEarlyCounts: e.hasEarlyCounts, prediction });
      return { c, error: Math.abs(prediction - e.target), hit: isHit(e.target, prediction) };
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
