import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitChannel } from '../../src/evaluation/time-split.js';
import { channelFileFixture, runCli } from './run-cli.js';

let fixture: Awaited<ReturnType<typeof channelFileFixture>>;

beforeAll(async () => {
  fixture = await channelFileFixture({ seed: 4, channels: 2, days: 120, idPrefix: 'trainfile' });
});
afterAll(() => fixture.remove());

describe('pnpm train', () => {
  // Each start loads the trainer (tfjs), about 2 s: a few representative refusals, not every one.
  it.each([
    [['engagement', '--sim-channels', '0'], '--sim-channels 0 is not supported yet'],
    [['engagement', '--commit', '--out', 'x'], '--out and --commit name two places: give one'],
    [['growth'], 'unknown model: growth; models: engagement'],
    [['engagement', '--file', 'missing.csv'], 'missing.csv: no such file'],
  ])('refuses %j with exit 2 before training', (args, message) => {
    const { status, stderr } = runCli('train', args);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('usage: pnpm train engagement');
  });

  // One epoch on 20 simulated channels is far too little for a model the trainer accepts (it must
  // beat the median baseline on its simulated test channels), so this run ends at that check;
  // what pnpm train does with an accepted model is tested through writeTrainedVersion in eval-cli.test.ts.
  it('trains on the early part of each file channel beside the simulated ones, and writes no version the trainer rejects', async () => {
    const { dir, file: tiny, channels } = fixture;
    const out = join(dir, 'version');
    const { status, stdout, stderr } = runCli('train', ['engagement', '--file', tiny, '--epochs', '1', '--sim-channels', '20', '--version', '1.0.0+tiny.test', '--out', out]);
    const early = channels.reduce((n, c) => n + splitChannel(c).heldOutFrom, 0);
    const posts = channels.reduce((n, c) => n + c.posts.length, 0);
    expect(stdout).toContain('training engagement 1.0.0+tiny.test: 1 epochs');
    expect(stdout).toContain('simulated: 20 channels (seed 7): 16 train, 2 calibration, 2 test');
    expect(stdout).toContain(`files: tiny.jsonl (2 channels, ${posts} posts): ${early} early posts train, ${posts - early} later posts held out for evaluation`);
    expect(stdout).toMatch(/^epoch 1\/1: /m);
    if (status === 0) {
      // A trainer that accepts so small a model: the version is complete.
      for (const file of ['model.onnx', 'model.json', 'training-curve.csv', 'evaluation.json']) await access(join(out, file));
      expect((await readFile(join(out, 'training-curve.csv'), 'utf8')).split('\n')[0]).toBe('epoch,train_loss,validation_mae,seconds');
    } else {
      expect(status).toBe(1);
      expect(stderr).toMatch(/^train failed: Error: the model does not beat the median baseline/m);
      await expect(access(out)).rejects.toThrow();
    }
  }, 120_000);
});
