import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import { readGrowthArtifact, type GrowthArtifact } from '../src/growth/artifact.js';
import { buildGrowthInput, GROWTH_FEATURES } from '../src/growth/features.js';
import { GrowthDaysError } from '../src/growth/inference.js';
import { GROWTH_ONNX_INPUT, GROWTH_ONNX_OUTPUT } from '../src/growth/metadata.js';
import { OfflineGrowthModel } from '../src/growth/offline-model.js';
import { GrowthPipeline } from '../src/growth/pipeline.js';
import { addDays, GROWTH_HORIZON, GROWTH_QUANTILES, GROWTH_WINDOW, GrowthHistoryTooShortError, seasonalNaiveGains, type GrowthHistory } from '../src/growth/series.js';
import { BatchedOnnxModel } from '../src/runtime/batched-onnx-model.js';
import { ModelContractError } from '../src/runtime/model-io.js';
import { uniformArray } from '../src/training/random.js';

const START = '2024-03-04';
/** 70 days of a channel of ~5 000 growing ~0.3 % a day with a weekly rhythm, days 40-42 missing, and what it posted. */
const history: GrowthHistory = {
  counts: Array.from({ length: 70 }, (_, i) => ({ date: addDays(START, i), count: Math.round(5000 * Math.exp(0.003 * i) + 25 * Math.sin((2 * Math.PI * i) / 7)) })).filter(
    (_, i) => i < 40 || i > 42,
  ),
  activity: Array.from({ length: 70 }, (_, i) => ({ date: addDays(START, i), posts: i % 3, engagementRate: i % 3 ? 0.02 : null })),
};
const lastDate = addDays(START, 69);

const Q = GROWTH_QUANTILES.length;

describe('GrowthPipeline on the committed model', () => {
  let artifact: GrowthArtifact;
  let pipeline: GrowthPipeline;
  let direct: ort.InferenceSession;

  beforeAll(async () => {
    artifact = await readGrowthArtifact();
    pipeline = new GrowthPipeline(await BatchedOnnxModel.load({ onnx: artifact.onnx, metadata: artifact.metadata, source: 'artifact', executionProvider: 'cpu', threads: 1 }));
    direct = await ort.InferenceSession.create(artifact.onnx);
  });
  afterAll(async () => {
    await pipeline?.dispose();
    await direct?.release();
  });

  const runDirect = async (input: Float32Array, batch = 1) =>
    (await direct.run({ [GROWTH_ONNX_INPUT]: new ort.Tensor('float32', input, [batch, GROWTH_WINDOW, GROWTH_FEATURES]) }))[GROWTH_ONNX_OUTPUT]!;

  it('reads its window, horizon and input shape from the io contract', () => {
    expect(pipeline.name).toBe('growth');
    expect(pipeline.window).toBe(GROWTH_WINDOW);
    expect(pipeline.horizon).toBe(GROWTH_HORIZON);
    expect(pipeline.inputShape).toEqual([GROWTH_WINDOW, GROWTH_FEATURES]);
  });

  it('pre-processes the last 56 days (gaps filled), runs the model and turns its quantile paths into counts after the last day', async () => {
    const estimate = await pipeline.forecast(history, 7);
    const { input, lastCount, filledCounts } = buildGrowthInput(history);
    expect(estimate.input).toEqual(input);
    expect(estimate.inputShape).toEqual([GROWTH_WINDOW, GROWTH_FEATURES]);
    expect(estimate.historyUsed).toBe(56);
    expect(estimate.lastDate).toBe(lastDate);
    expect(estimate.lastCount).toBe(lastCount);

    const output = await runDirect(input);
    expect(output.dims).toEqual([1, GROWTH_HORIZON, Q]);
    const q = output.data as Float32Array;
    expect(estimate.points).toHaveLength(7);
    estimate.points.forEach((p, d) => {
      expect(p.date).toBe(addDays(lastDate, d + 1));
      expect(p.lower95).toBeCloseTo(lastCount * Math.exp(q[d * Q]!), 3);
      expect(p.lower80).toBeCloseTo(lastCount * Math.exp(q[d * Q + 1]!), 3);
      expect(p.value).toBeCloseTo(lastCount * Math.exp(q[d * Q + 2]!), 3);
      expect(p.upper80).toBeCloseTo(lastCount * Math.exp(q[d * Q + 3]!), 3);
      expect(p.upper95).toBeCloseTo(lastCount * Math.exp(q[d * Q + 4]!), 3);
      expect(p.lower95 <= p.lower80 && p.lower80 <= p.value && p.value <= p.upper80 && p.upper80 <= p.upper95).toBe(true);
    });
    expect(estimate.baseline).toEqual(seasonalNaiveGains(filledCounts, 7).map((value, d) => ({ date: addDays(lastDate, d + 1), value })));
  });

  it('forecasts a growing channel upwards, its intervals widening with the horizon', async () => {
    const { points } = await pipeline.forecast(history, GROWTH_HORIZON);
    expect(points).toHaveLength(GROWTH_HORIZON);
    expect(points[GROWTH_HORIZON - 1]!.value).toBeGreaterThan(points[0]!.value);
    const width = (i: number) => points[i]!.upper95 - points[i]!.lower95;
    expect(width(GROWTH_HORIZON - 1)).toBeGreaterThan(width(0));
  });

  it('refuses a history of 27 days with GrowthHistoryTooShortError, before asking the model', async () => {
    const before = pipeline.model.stats.requests;
    const short = { counts: history.counts.slice(0, 27) };
    await expect(pipeline.forecast(short, 7)).rejects.toThrow(GrowthHistoryTooShortError);
    await expect(pipeline.forecast(short, 7)).rejects.toMatchObject({ code: 'GROWTH_HISTORY_TOO_SHORT', days: 27, needed: 28 });
    expect(pipeline.model.stats.requests).toBe(before);
  });

  it.each([0, 31, 2.5, Number.NaN])('refuses days = %s with a RangeError naming 1..30, before asking the model', async (days) => {
    const before = pipeline.model.stats.requests;
    await expect(pipeline.forecast(history, days)).rejects.toThrow(RangeError);
    await expect(pipeline.forecast(history, days)).rejects.toThrow(GrowthDaysError);
    await expect(pipeline.forecast(history, days)).rejects.toThrow(`days must be a whole number from 1 to 30, got ${days}`);
    expect(pipeline.model.stats.requests).toBe(before);
  });

  it('batches concurrent forecasts into one model run', async () => {
    const before = pipeline.model.stats;
    await Promise.all([5, 6, 7].map((days) => pipeline.forecast(history, days)));
    expect(pipeline.model.stats.batches - before.batches).toBe(1);
    expect(pipeline.model.stats.requests - before.requests).toBe(3);
  });

  it('gives the same forecasts as the offline model', async () => {
    const offline = await OfflineGrowthModel.load(artifact);
    try {
      const [fromOffline] = await offline.forecastMany([{ history, days: 30 }]);
      const served = await pipeline.forecast(history, 30);
      served.points.forEach((p, d) => expect(p.value).toBeCloseTo(fromOffline!.points[d]!.value, 6));
    } finally {
      await offline.dispose();
    }
  });

  it('never gives crossing quantiles, on 256 random inputs', async () => {
    const input = uniformArray(new Random(17), 256 * GROWTH_WINDOW * GROWTH_FEATURES, -3, 3);
    const q = (await runDirect(input, 256)).data as Float32Array;
    let crossings = 0;
    for (let j = 0; j < q.length; j++) if (j % Q !== 0 && !(q[j]! >= q[j - 1]!)) crossings += 1;
    expect(crossings).toBe(0);
  });

  it('refuses a model trained on other features than this code builds', async () => {
    const metadata = { ...artifact.metadata, dayFeatures: [...artifact.metadata.dayFeatures].reverse() };
    const model = await BatchedOnnxModel.load({ onnx: artifact.onnx, metadata, source: 'artifact', executionProvider: 'cpu', threads: 1 });
    try {
      expect(() => new GrowthPipeline(model)).toThrow(ModelContractError);
      expect(() => new GrowthPipeline(model)).toThrow(/was trained on features \[present, .*\], this code builds \[gain, /);
    } finally {
      await model.dispose();
    }
  });
});
