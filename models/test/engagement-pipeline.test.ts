import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagementRate } from '@telepulse/dataset';
import { readEngagementArtifact, type EngagementArtifact } from '../src/engagement/artifact.js';
import { confidence, median } from '../src/engagement/confidence.js';
import { buildEngagementInput, FEATURES_PER_POST, MIN_HISTORY_POSTS, ratioToRate, type CandidatePost, type HistoryPost } from '../src/engagement/features.js';
import { outputScale } from '../src/engagement/inference.js';
import { EngagementPipeline } from '../src/engagement/pipeline.js';
import { BatchedOnnxModel } from '../src/runtime/batched-onnx-model.js';
import { ModelContractError } from '../src/runtime/model-io.js';

const day = (i: number) => new Date(Date.UTC(2024, 5, 1 + i, 8 + (i % 12)));
/** 40 posts, newest last, each with its own rate. */
const history: HistoryPost[] = Array.from({ length: 40 }, (_, i) => ({
  postedAt: day(i),
  views: 1000 + 137 * i,
  forwards: i % 3 === 0 ? null : i,
  replies: 2 + (i % 5),
  reactions: 20 + 3 * i,
  textLength: 120 + 40 * i,
  hasMedia: i % 2 === 0,
}));
const candidate: CandidatePost = { hourOfDay: 19, dayOfWeek: 2, contentLength: 240, hasMedia: true };

describe('EngagementPipeline on the committed model', () => {
  let artifact: EngagementArtifact;
  let pipeline: EngagementPipeline;
  let direct: ort.InferenceSession;

  beforeAll(async () => {
    artifact = await readEngagementArtifact();
    pipeline = new EngagementPipeline(await BatchedOnnxModel.load({ onnx: artifact.onnx, metadata: artifact.metadata, source: 'artifact', executionProvider: 'cpu', threads: 1 }));
    direct = await ort.InferenceSession.create(artifact.onnx);
  });
  afterAll(async () => {
    await pipeline?.dispose();
    await direct?.release();
  });

  it('reads its history length and input shape from the io contract', () => {
    expect(pipeline.historyPosts).toBe(32);
    expect(pipeline.inputShape).toEqual([33, FEATURES_PER_POST]);
  });

  it('pre-processes the latest 32 posts in any order, runs the model and post-processes rate, confidence and baseline', async () => {
    const shuffled = [...history].reverse();
    const estimate = await pipeline.predict(shuffled, candidate);
    const used = history.slice(-32);
    const { input, level } = buildEngagementInput(used, candidate, 32);
    expect(estimate.input).toEqual(input);
    expect(estimate.inputShape).toEqual([33, FEATURES_PER_POST]);
    expect(estimate.historyUsed).toBe(32);
    expect(estimate.modelUsed).toBe(true);

    const [ratio, logScale] = (await direct.run({ history: new ort.Tensor('float32', input, [1, 33, FEATURES_PER_POST]) })).engagement!.data as Float32Array;
    expect(estimate.rate).toBeCloseTo(ratioToRate(ratio!, level), 6);
    expect(estimate.baseline).toBeCloseTo(median(used.slice(-16).map(engagementRate)), 12);
    const stated = confidence(artifact.metadata.confidence, {
      prediction: estimate.rate,
      ratio: ratio!,
      scale: outputScale({ ratio: ratio!, logScale: logScale! }),
      level,
      historyShare: 1,
      hasEarlyCounts: false,
    });
    expect(estimate.confidence).toBeCloseTo(stated, 6);
  });

  it('answers with the baseline, not the model, when the history is too short', async () => {
    const short = history.slice(0, MIN_HISTORY_POSTS - 1);
    const estimate = await pipeline.predict(short, candidate);
    expect(estimate.modelUsed).toBe(false);
    expect(estimate.rate).toBe(median(short.map(engagementRate)));
    expect(estimate.confidence).toBe(artifact.metadata.fallback.confidence);
  });

  it('uses a short history as it is, counting the posts it read, and early counts raise no error', async () => {
    const estimate = await pipeline.predict(history.slice(0, 5), { ...candidate, views: 500, reactions: 12 });
    expect(estimate.historyUsed).toBe(5);
    expect(Array.from(estimate.input.subarray(0, 27 * FEATURES_PER_POST))).toEqual(new Array(27 * FEATURES_PER_POST).fill(0));
    expect(estimate.rate).toBeGreaterThan(0);
    expect(estimate.rate).toBeLessThan(1);
  });

  it('batches concurrent predictions into one model run', async () => {
    const before = pipeline.model.stats;
    await Promise.all([1, 2, 3].map((h) => pipeline.predict(history, { ...candidate, hourOfDay: h })));
    expect(pipeline.model.stats.batches - before.batches).toBe(1);
    expect(pipeline.model.stats.requests - before.requests).toBe(3);
  });

  it('refuses a model trained on other features than this code builds', async () => {
    const metadata = { ...artifact.metadata, postFeatures: [...artifact.metadata.postFeatures].reverse() };
    const model = await BatchedOnnxModel.load({ onnx: artifact.onnx, metadata, source: 'artifact', executionProvider: 'cpu', threads: 1 });
    try {
      expect(() => new EngagementPipeline(model)).toThrow(ModelContractError);
      expect(() => new EngagementPipeline(model)).toThrow(/was trained on features \[channel_views, .*\], this code builds \[rate_vs_level, /);
    } finally {
      await model.dispose();
    }
  });
});
