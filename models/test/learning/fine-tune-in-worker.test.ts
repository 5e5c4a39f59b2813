import { beforeAll, describe, expect, it } from 'vitest';
import type { EngagementArtifact } from '../../src/engagement/artifact.js';
import { fineTune } from '../../src/learning/fine-tune.js';
import type { EngagementLabelledExample } from '../../src/learning/labelled-example.js';
import { updateInWorker, UpdateFailedError } from '../../src/learning/update-in-worker.js';
import { shiftedEngagementExamples, trainTinyEngagement } from './tiny-models.js';

let base: EngagementArtifact;
let fresh: EngagementLabelledExample[];

beforeAll(async () => {
  base = await trainTinyEngagement();
  fresh = shiftedEngagementExamples(31, 1.5).train.slice(0, 48);
}, 60_000);

describe('updateInWorker', () => {
  it('fine-tunes on a worker thread with its own tfjs backend, reporting progress, and gives the bytes the main thread gives', async () => {
    const options = { learningRate: 0.01, epochs: 1, seed: 4 };
    const examples = { fresh, replay: [] };
    const progress: number[] = [];
    const inWorker = await updateInWorker({ strategy: 'INCREMENTAL', modelId: 'engagement', base, examples, options }, (fraction) => progress.push(fraction));
    const here = await fineTune('engagement', base, examples, options);
    expect(inWorker.metadata.version).toBe(here.metadata.version);
    expect(Buffer.from(inWorker.onnx).equals(Buffer.from(here.onnx))).toBe(true);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(1);
  });

  it("rejects with the worker's error code and field", async () => {
    const error = await updateInWorker({ strategy: 'FULL_RETRAIN', modelId: 'engagement', base, examples: { fresh, replay: [] }, options: { learningRate: 2, epochs: 1, seed: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpdateFailedError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'options.learningRate' } });
  });
});
