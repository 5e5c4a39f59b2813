import { describe, expect, it } from 'vitest';
import { TrainingCurve } from '../../src/cli/training-curve.js';

describe('TrainingCurve', () => {
  it('keeps one row per epoch end, timed from the previous epoch end (the first from its first report)', () => {
    const clock = [1000, 2000, 4500, 5000, 9000];
    const curve = new TrainingCurve(() => clock.shift()!);
    const base = { epochs: 2, batches: 2 };
    curve.record({ ...base, epoch: 1, batch: 1, loss: 0.03 }); // t = 1 s: the first report starts the clock
    curve.record({ ...base, epoch: 1, batch: 2, loss: 0.025 });
    curve.record({ ...base, epoch: 1, batch: 2, loss: 0.024, validationMae: 0.02 }); // t = 4.5 s
    curve.record({ ...base, epoch: 2, batch: 1, loss: 0.02 });
    curve.record({ ...base, epoch: 2, batch: 2, loss: 0.019, validationMae: 0.018 }); // t = 9 s
    expect(curve.rows).toEqual([
      { epoch: 1, trainLoss: 0.024, validationMae: 0.02, seconds: 3.5 },
      { epoch: 2, trainLoss: 0.019, validationMae: 0.018, seconds: 4.5 },
    ]);
    expect(curve.toCsv()).toBe('epoch,train_loss,validation_mae,seconds\n1,0.024,0.02,3.50\n2,0.019,0.018,4.50\n');
  });
});
