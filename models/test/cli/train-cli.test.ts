import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatorFor } from '../../src/evaluation/evaluators.js';
import { splitChannel } from '../../src/evaluation/time-split.js';
import { GROWTH_COLUMNS } from '../../src/growth/features.js';
import { ENGAGEMENT_DRIFT_FEATURES } from '../../src/engagement/drift-features.js';
import { GROWTH_DRIFT_FEATURES } from '../../src/growth/drift-features.js';
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
    [['content'], 'unknown model: content; models: engagement, growth, content-cnn, content-viral'],
    [['growth', '--epochs', '0'], '--epochs must be a whole number >= 1, got "0"'],
    [['engagement', '--file', 'missing.csv'], 'missing.csv: no such file'],
  ])('refuses %j with exit 2 before training', (args, message) => {
    const { status, stderr } = runCli('train', args);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('usage: pnpm train engagement|growth');
  });

  // One epoch on 20 simulated channels: a model too small to commit, enough to run every step
  // pnpm train takes (split, train, export, evaluate the held-out part, write the version), and
  // for pnpm eval to judge the version it wrote on the same file: only what training never saw.
  it('trains on the early part of each file channel, writes a complete version, and pnpm eval judges it on the later part', async () => {
    const { dir, file: tiny, channels } = fixture;
    const out = join(dir, 'version');
    const { status, stdout, stderr } = runCli('train', ['engagement', '--file', tiny, '--epochs', '1', '--sim-channels', '20', '--version', '1.0.0+tiny.test', '--out', out]);
    expect(status, stderr).toBe(0);
    const early = channels.reduce((n, c) => n + splitChannel(c).heldOutFrom, 0);
    const posts = channels.reduce((n, c) => n + c.posts.length, 0);
    expect(stdout).toContain('training engagement 1.0.0+tiny.test: 1 epochs');
    expect(stdout).toContain('simulated: 20 channels (seed 7): 16 train, 2 calibration, 2 test');
    expect(stdout).toContain(`files: tiny.jsonl (2 channels, ${posts} posts): ${early} early posts train, ${posts - early} later posts held out for evaluation`);
    expect(stdout).toMatch(/^epoch 1\/1: /m);

    for (const f of ['model.onnx', 'model.json', 'training-curve.csv', 'evaluation.json']) await access(join(out, f));
    const curve = (await readFile(join(out, 'training-curve.csv'), 'utf8')).trim().split('\n');
    expect(curve[0]).toBe('epoch,train_loss,validation_mae,seconds');
    expect(curve).toHaveLength(2);
    const metadata = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'));
    expect(metadata.version).toBe('1.0.0+tiny.test');
    expect(metadata.data.files).toEqual({ channels: 2, examples: expect.any(Number), ids: channels.map((c) => c.id) });
    // The reference for data drift: the served features over every training example.
    expect(Object.keys(metadata.reference.features)).toEqual([...ENGAGEMENT_DRIFT_FEATURES]);
    expect(metadata.reference.features.hourOfDay.count).toBe(metadata.data.examples.train);
    expect(metadata.reference.features.hourOfDay.quantiles).toHaveLength(101);
    const evaluation = JSON.parse(await readFile(join(out, 'evaluation.json'), 'utf8'));
    expect(metadata.evaluation).toEqual(evaluation);
    const heldOut = evaluation.channels.map((c: { heldOut?: number; heldOutFrom?: number; posts: number }) => c.heldOut ?? c.posts - c.heldOutFrom!);
    expect(heldOut).toEqual(channels.map((c) => c.posts.length - splitChannel(c).heldOutFrom));

    const judged = runCli('eval', ['--artifact', out, '--file', tiny, '--json', join(dir, 'judged.json')]);
    expect(judged.status).toBe(0);
    expect(judged.stdout.split('\n')[0]).toBe(`model: engagement 1.0.0+tiny.test (trained version in ${out})`);
    // The same judgement pnpm train stored beside the model.
    expect(JSON.parse(await readFile(join(dir, 'judged.json'), 'utf8')).overall).toEqual(evaluation.overall);
  }, 180_000);

  // One epoch on 6 simulated channels and the file's early days of subscriber counts: every step
  // of a growth training run (split by days, train, export with parity, held-out metrics, write).
  it('trains growth on the early days of each file channel and writes a version with its held-out metrics', async () => {
    const { dir, file: tiny, channels } = fixture;
    const out = join(dir, 'growth-version');
    const { status, stdout, stderr } = runCli('train', ['growth', '--file', tiny, '--epochs', '1', '--sim-channels', '6', '--version', '1.0.0+tiny.test', '--out', out]);
    expect(status, stderr).toBe(0);
    const early = channels.reduce((n, c) => n + splitChannel(c).heldOutDayFrom, 0);
    const days = channels.reduce((n, c) => n + c.subscriberCounts.length, 0);
    expect(stdout).toContain('training growth 1.0.0+tiny.test: 1 epochs');
    expect(stdout).toContain('simulated: 6 channels (seed 7): 4 train, 1 calibration, 1 test');
    expect(stdout).toContain(`: ${early} early days of subscriber counts train, ${days - early} later days held out for evaluation`);
    expect(stdout).toMatch(/^epoch 1\/1: /m);
    expect(stdout).toMatch(/^ {2}7 days: median relative MAE [\d.]+ vs the seasonal naive/m);
    expect(stdout).toMatch(/^parity: max \|tfjs - onnx\| = [\d.e-]+ over \d+ inputs; 0 crossing quantiles$/m);

    const judged = evaluatorFor('growth') !== undefined;
    for (const f of ['model.onnx', 'model.json', 'training-curve.csv', ...(judged ? ['evaluation.json'] : [])]) await access(join(out, f));
    const curve = (await readFile(join(out, 'training-curve.csv'), 'utf8')).trim().split('\n');
    expect(curve).toHaveLength(2);
    const metadata = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'));
    expect(metadata).toMatchObject({ name: 'growth', version: '1.0.0+tiny.test', dayFeatures: [...GROWTH_COLUMNS], quantiles: [0.025, 0.1, 0.5, 0.9, 0.975] });
    expect(metadata.io.outputs[0].shape).toEqual(['batch', 30, 5]);
    expect(metadata.data.files).toEqual({ channels: 2, examples: expect.any(Number), ids: channels.map((c) => c.id) });
    expect(metadata.data.files.examples).toBeGreaterThan(0);
    expect(metadata.metrics.test.horizons.map((h: { days: number }) => h.days)).toEqual([7, 28]);
    expect(metadata.metrics.parity.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(Object.keys(metadata.featureStats)).toEqual([...GROWTH_COLUMNS]);
    expect(Object.keys(metadata.reference.features)).toEqual([...GROWTH_DRIFT_FEATURES]);
    expect(metadata.reference.features.historyDays.count).toBe(metadata.data.examples.train);
  }, 120_000);
});
