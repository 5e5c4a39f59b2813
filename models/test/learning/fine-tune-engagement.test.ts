import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '@telepulse/platform';
import { simulateChannels } from '@telepulse/dataset';
import { asCandidate, historyOf } from '../../src/engagement/channel-posts.js';
import type { EngagementArtifact } from '../../src/engagement/artifact.js';
import { OfflineEngagementModel } from '../../src/engagement/offline-model.js';
import { EngagementPipeline } from '../../src/engagement/pipeline.js';
import { BatchedOnnxModel } from '../../src/runtime/batched-onnx-model.js';
import { fineTune, retrain } from '../../src/learning/fine-tune.js';
import { heldOutErrors } from '../../src/learning/held-out-errors.js';
import { compareChampionChallenger } from '../../src/learning/champion-challenger.js';
import { replaySample } from '../../src/learning/replay-sample.js';
import type { EngagementLabelledExample } from '../../src/learning/labelled-example.js';
import { shiftedEngagementExamples, TINY_ENGAGEMENT, trainTinyEngagement } from './tiny-models.js';

let base: EngagementArtifact;
let fresh: EngagementLabelledExample[];
let heldOut: EngagementLabelledExample[];
let replay: EngagementLabelledExample[];

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const receivedAt = (day: number) => new Date(Date.UTC(2025, 0, day));

beforeAll(async () => {
  base = await trainTinyEngagement();
  // Other channels than the base trained on, whose posts all engage 1.8 times as much.
  const shifted = shiftedEngagementExamples(31, 1.8);
  fresh = shifted.train.slice(0, 300).map((e, i) => ({ ...e, receivedAt: receivedAt(1 + (i % 20)) }));
  heldOut = shifted.test.slice(0, 200);
  replay = replaySample('engagement', 100, 3, { engagement: TINY_ENGAGEMENT });
}, 60_000);

describe('fineTune(engagement)', () => {
  it('lowers the held-out error on a shifted distribution, from the base version bytes, and the challenger wins beyond noise', async () => {
    const tuned = await fineTune('engagement', base, { fresh, replay }, { learningRate: 0.01, epochs: 4, seed: 1 });
    const before = await heldOutErrors('engagement', base, heldOut);
    const after = await heldOutErrors('engagement', tuned, heldOut);
    expect(after).toHaveLength(heldOut.length);
    expect(mean(after)).toBeLessThan(mean(before) * 0.9);
    const comparison = compareChampionChallenger(before, after, { seed: 1 });
    expect(comparison.decision).toBe('ACTIVATED');
    expect(comparison.high).toBeLessThan(0);
  });

  it('writes a version that serves: the batched runtime and the pipeline accept it, its metadata says where it came from', async () => {
    const progress: [number, string][] = [];
    const tuned = await fineTune('engagement', base, { fresh, replay }, { learningRate: 0.005, epochs: 1, seed: 2, heldOut: 200, onProgress: (f, step) => progress.push([f, step]) });
    const { metadata } = tuned;
    expect(metadata.version).toBe('0.1.0+inc.1');
    expect(metadata.format.sha256).toBe(createHash('sha256').update(tuned.onnx).digest('hex'));
    expect(metadata.format.bytes).toBe(tuned.onnx.byteLength);
    expect(metadata.lineage).toMatchObject({
      parentVersion: '0.1.0',
      strategy: 'INCREMENTAL',
      dataFrom: receivedAt(1).toISOString(),
      dataTo: receivedAt(20).toISOString(),
      replayUsed: replay.length,
      heldOut: 200,
      learningRate: 0.005,
      epochs: 1,
    });
    // Every fresh example with 4 or more history posts is trained on.
    expect(metadata.lineage.feedbackUsed).toBeGreaterThan(250);
    expect(metadata.lineage.feedbackUsed).toBeLessThanOrEqual(fresh.length);
    expect(metadata.reference!.features.hourOfDay!.count).toBe(metadata.lineage.feedbackUsed + replay.length);
    expect(metadata.reference).not.toEqual(base.metadata.reference);
    expect(metadata.metrics.parity.maxAbsDiff).toBeLessThan(1e-4);
    expect(metadata.training.history).toHaveLength(1);
    expect(progress.map(([f]) => f)).toEqual([...progress.map(([f]) => f)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual([1, 'done']);

    const pipeline = new EngagementPipeline(await BatchedOnnxModel.load({ onnx: tuned.onnx, metadata, source: 'artifact', executionProvider: 'cpu', threads: 1 }));
    expect(pipeline.version).toBe('0.1.0+inc.1');
    await pipeline.model.dispose();
    const offline = await OfflineEngagementModel.load(tuned);
    expect(offline.version).toBe('0.1.0+inc.1');
    await offline.dispose();
  });

  it('gives the same bytes for the same seed and other bytes for another seed', async () => {
    const options = { learningRate: 0.01, epochs: 1, seed: 7 };
    const small = { fresh: fresh.slice(0, 64), replay: replay.slice(0, 32) };
    const first = await fineTune('engagement', base, small, options);
    const again = await fineTune('engagement', base, small, options);
    const other = await fineTune('engagement', base, small, { ...options, seed: 8 });
    expect(Buffer.from(again.onnx).equals(Buffer.from(first.onnx))).toBe(true);
    expect(Buffer.from(other.onnx).equals(Buffer.from(first.onnx))).toBe(false);
  });

  it('names the next free version past those already taken', async () => {
    const tuned = await fineTune('engagement', base, { fresh: fresh.slice(0, 32), replay: [] }, { learningRate: 0.01, epochs: 1, seed: 1, takenVersions: ['0.1.0+inc.1', '0.1.0+inc.4'] });
    expect(tuned.metadata.version).toBe('0.1.0+inc.5');
  });

  it('retrains the architecture from a fresh initialisation with FULL_RETRAIN lineage', async () => {
    const retrained = await retrain('engagement', base, { fresh: fresh.slice(0, 64), replay: replay.slice(0, 32) }, { learningRate: 0.01, epochs: 1, seed: 1 });
    expect(retrained.metadata.version).toBe('0.1.0+retrain.1');
    expect(retrained.metadata.lineage.strategy).toBe('FULL_RETRAIN');
    expect(retrained.metadata.architecture).toEqual(base.metadata.architecture);
    expect((await heldOutErrors('engagement', retrained, heldOut.slice(0, 10))).every((e) => Number.isFinite(e))).toBe(true);
  });

  it('rejects an example of another input shape and a bad learning rate, naming the field, before training', async () => {
    const wrong = { ...fresh[0]!, inputShape: [33, 20] as [number, number] };
    const error = await fineTune('engagement', base, { fresh: [wrong], replay: [] }, { learningRate: 0.01, epochs: 1, seed: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).details.field).toBe('examples.fresh[0].inputShape');
    await expect(fineTune('engagement', base, { fresh, replay }, { learningRate: -1, epochs: 1, seed: 1 })).rejects.toMatchObject({ details: { field: 'options.learningRate' } });
    await expect(fineTune('growth', base, { fresh: [], replay: [] }, { learningRate: 0.01, epochs: 1, seed: 1 })).rejects.toMatchObject({ details: { field: 'base.metadata.name' } });
  });
});

describe('heldOutErrors(engagement)', () => {
  it('is |predicted rate − observed| with the rate serving gives for the stored input, the baseline for a short history', async () => {
    const [channel] = simulateChannels({ seed: 44, channels: 1, days: 30, endDate: '2024-12-31' });
    const posts = historyOf(channel!);
    const cases = [
      { history: posts.slice(0, 12), candidate: asCandidate(posts[12]!) },
      { history: posts.slice(0, 2), candidate: asCandidate(posts[2]!) },
    ];
    const offline = await OfflineEngagementModel.load(base);
    const served = await offline.predictMany(cases);
    await offline.dispose();
    expect(served.map((e) => e.modelUsed)).toEqual([true, false]);
    const observed = [0.02, 0.05];
    const errors = await heldOutErrors(
      'engagement',
      base,
      served.map((e, i) => ({ input: Array.from(e.input), inputShape: e.inputShape, observed: observed[i]! })),
    );
    errors.forEach((error, i) => expect(error).toBeCloseTo(Math.abs(served[i]!.rate - observed[i]!), 6));
  });
});
