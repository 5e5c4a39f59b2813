import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GrowthArtifact } from '../../src/growth/artifact.js';
import { OfflineGrowthModel } from '../../src/growth/offline-model.js';
import { GrowthPipeline } from '../../src/growth/pipeline.js';
import { BatchedOnnxModel } from '../../src/runtime/batched-onnx-model.js';
import { fineTune, retrain } from '../../src/learning/fine-tune.js';
import { heldOutErrors } from '../../src/learning/held-out-errors.js';
import { replaySample } from '../../src/learning/replay-sample.js';
import type { GrowthLabelledExample } from '../../src/learning/labelled-example.js';
import { shiftedGrowthExamples, TINY_GROWTH, trainTinyGrowth } from './tiny-models.js';

let base: GrowthArtifact;
let fresh: GrowthLabelledExample[];
let heldOut: GrowthLabelledExample[];
let replay: GrowthLabelledExample[];

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

beforeAll(async () => {
  base = await trainTinyGrowth();
  // Other channels than the base trained on, each gaining 2 % a day more than the simulator's.
  const shifted = shiftedGrowthExamples(32, 0.02);
  fresh = shifted.train.slice(0, 300);
  heldOut = shifted.test;
  replay = replaySample('growth', 100, 3, { growth: TINY_GROWTH });
}, 60_000);

describe('fineTune(growth)', () => {
  it('lowers the held-out error on a shifted distribution', async () => {
    const tuned = await fineTune('growth', base, { fresh, replay }, { learningRate: 0.01, epochs: 4, seed: 1 });
    const before = await heldOutErrors('growth', base, heldOut);
    const after = await heldOutErrors('growth', tuned, heldOut);
    expect(after).toHaveLength(heldOut.length);
    expect(mean(after)).toBeLessThan(mean(before) * 0.8);
  });

  it('learns from partly observed forecasts and writes a version the runtime and the pipeline accept', async () => {
    // Only the first three days of each forecast observed so far: the other days weigh nothing.
    const partial = fresh.slice(0, 64).map((e) => ({ ...e, observed: e.observed.slice(0, 3), receivedAt: new Date('2025-02-01T00:00:00Z') }));
    const tuned = await fineTune('growth', base, { fresh: partial, replay: replay.slice(0, 32) }, { learningRate: 0.01, epochs: 1, seed: 2 });
    const { metadata } = tuned;
    expect(metadata.version).toBe('0.2.0+inc.1');
    expect(metadata.format.sha256).toBe(createHash('sha256').update(tuned.onnx).digest('hex'));
    expect(metadata.lineage).toMatchObject({ parentVersion: '0.2.0', strategy: 'INCREMENTAL', feedbackUsed: 64, replayUsed: 32, dataFrom: '2025-02-01T00:00:00.000Z' });
    expect(metadata.reference!.features.lnLastCount!.count).toBe(96);
    expect(metadata.metrics.parity.maxAbsDiff).toBeLessThan(1e-4);
    expect(Number.isFinite(metadata.training.history[0]!.validationMae)).toBe(true);

    const pipeline = new GrowthPipeline(await BatchedOnnxModel.load({ onnx: tuned.onnx, metadata, source: 'artifact', executionProvider: 'cpu', threads: 1 }));
    expect(pipeline.version).toBe('0.2.0+inc.1');
    await pipeline.model.dispose();
    const offline = await OfflineGrowthModel.load(tuned);
    await offline.dispose();
  });

  it('retrains from a fresh initialisation with FULL_RETRAIN lineage', async () => {
    const retrained = await retrain('growth', base, { fresh: fresh.slice(0, 64), replay: [] }, { learningRate: 0.01, epochs: 1, seed: 1 });
    expect(retrained.metadata.version).toBe('0.2.0+retrain.1');
    expect(retrained.metadata.lineage.strategy).toBe('FULL_RETRAIN');
  });

  it('rejects a forecast with no observed day in the horizon, naming it', async () => {
    const late = { ...fresh[0]!, observed: [{ date: '2030-01-01', count: 5 }] };
    await expect(fineTune('growth', base, { fresh: [late], replay: [] }, { learningRate: 0.01, epochs: 1, seed: 1 })).rejects.toMatchObject({ details: { field: 'examples.fresh[0].observed' } });
  });
});

describe('heldOutErrors(growth)', () => {
  it('is the mean absolute count error over the observed days, divided by the MASE scale when given', async () => {
    const [example] = heldOut;
    const offline = await OfflineGrowthModel.load(base);
    const [quantiles] = await offline.quantilesOf([{ input: Float32Array.from(example!.input) }]);
    await offline.dispose();
    const median = (d: number) => example!.lastCount * Math.exp(quantiles![d * 5 + 2]!);
    const observed = example!.observed.slice(0, 2);
    const expected = (Math.abs(median(0) - observed[0]!.count) + Math.abs(median(1) - observed[1]!.count)) / 2;
    const [plain, scaled] = await heldOutErrors('growth', base, [
      { ...example!, observed },
      { ...example!, observed, scale: 4 },
    ]);
    expect(plain).toBeCloseTo(expected, 6);
    expect(scaled).toBeCloseTo(expected / 4, 6);
  });
});
