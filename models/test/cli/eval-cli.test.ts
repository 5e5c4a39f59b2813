import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelRecord } from '@telepulse/dataset';
import { readEngagementArtifact } from '../../src/engagement/artifact.js';
import { readViralArtifact } from '../../src/content-viral/artifact.js';
import type { EvaluationReport } from '../../src/evaluation/evaluation-report.js';
import type { ViralEvaluationReport } from '../../src/evaluation/viral-report.js';
import { writeTrainedVersion } from '../../src/cli/trained-version.js';
import { channelFileFixture, runCli } from './run-cli.js';

// Two channels long enough to judge (60 and 47 held-out posts), and a third with 26, too few.
const simulation = { seed: 3, channels: 3, days: 120, idPrefix: 'tiny' };
let fixture: Awaited<ReturnType<typeof channelFileFixture>>;
let dir: string;
let tiny: string;
let channels: ChannelRecord[];

beforeAll(async () => {
  fixture = await channelFileFixture(simulation);
  ({ dir, file: tiny, channels } = fixture);
});
afterAll(() => fixture.remove());

describe('pnpm eval', () => {
  it('judges the committed model on a file: prints the model, the data, a row per channel and the overall row, and writes the JSON', async () => {
    const json = join(dir, 'report.json');
    const { status, stdout, stderr } = runCli('eval', ['--file', tiny, '--json', json]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`model: engagement ${(await readEngagementArtifact()).metadata.version} (committed artifact models/artifacts/engagement)`);
    expect(lines[1]).toMatch(/^data: tiny\.jsonl \(3 channels, \d+ posts\)$/);
    const header = lines.find((l) => l.startsWith('channel '))!;
    for (const column of ['held-out posts', 'model MAE', 'channel median MAE', 'rolling-16 MAE', 'ratio [95 % CI]', 'verdict', 'Spearman', 'bias', 'conf~|err| Spearman']) {
      expect(header).toContain(column);
    }
    const row = (id: string) => lines.find((l) => l.startsWith(`${id} `))!;
    expect(row('tiny-1')).toMatch(/^tiny-1 +60 +\d\.\d{4} +\d\.\d{4} +\d\.\d{4} +\d\.\d\d \[\d\.\d\d, \d\.\d\d\] +(channel median|rolling-16) +(significantly better|no significant difference|significantly worse) /);
    expect(row('tiny-3')).toMatch(/^tiny-3 +26 +too short to judge: 26 held-out posts, fewer than 30$/);
    expect(row('overall (2 channels)')).toMatch(/^overall \(2 channels\) +107 /);
    expect(stdout).toContain('calibration of the stated confidence');
    expect(lines.at(-2)).toBe(`wrote ${json}`);

    const report = JSON.parse(await readFile(json, 'utf8')) as EvaluationReport;
    expect(report.model).toEqual({ name: 'engagement', version: (await readEngagementArtifact()).metadata.version });
    expect(report.data).toBe(lines[1]!.slice('data: '.length));
    expect(report.channels.map((c) => c.channel)).toEqual(['tiny-1', 'tiny-2', 'tiny-3']);
    expect(report.channels.map((c) => c.status)).toEqual(['judged', 'judged', 'too short']);
    expect(report.overall).toMatchObject({ heldOut: 107, channels: { judged: 2, tooShort: 1 } });
  });

  it('judges a trained version directory (--artifact), as pnpm train writes it', async () => {
    const versionDir = join(dir, 'version');
    const committed = await readEngagementArtifact();
    const artifact = { onnx: committed.onnx, metadata: { ...committed.metadata, version: '1.0.0+tiny.test' } };
    const { metadata, report } = await writeTrainedVersion(artifact, {
      judgedOn: { channels, description: 'tiny.jsonl' },
      heldOutShare: 0.2,
      curveCsv: 'epoch,train_loss,validation_mae,seconds\n1,0.02,0.03,1.50\n',
      dir: versionDir,
    });
    // model.json carries the evaluation; evaluation.json and the curve sit beside it.
    expect(JSON.parse(await readFile(join(versionDir, 'model.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(metadata)));
    expect(JSON.parse(await readFile(join(versionDir, 'evaluation.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
    expect(metadata.evaluation).toBe(report);
    expect(await readFile(join(versionDir, 'training-curve.csv'), 'utf8')).toBe('epoch,train_loss,validation_mae,seconds\n1,0.02,0.03,1.50\n');

    const json = join(dir, 'version-report.json');
    const { status, stdout } = runCli('eval', ['--artifact', versionDir, '--file', tiny, '--json', json]);
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe(`model: engagement 1.0.0+tiny.test (trained version in ${versionDir})`);
    // Same bytes, same data, same seed: the same judgement as at training time.
    const printed = JSON.parse(await readFile(json, 'utf8')) as EvaluationReport;
    expect(printed.channels).toEqual(JSON.parse(JSON.stringify(report!.channels)));
  });

  it('judges the committed content-viral model on a file: a row per channel, the pooled intervals and the target', async () => {
    const json = join(dir, 'viral.json');
    const { status, stdout, stderr } = runCli('eval', ['--model', 'content-viral', '--file', tiny, '--json', json]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`model: content-viral ${(await readViralArtifact()).metadata.version} (committed artifact models/artifacts/content-viral)`);
    expect(lines.find((l) => l.startsWith('channel '))).toMatch(/held-out posts +viral +ROC-AUC +baseline ROC-AUC +Brier +baseline Brier/);
    expect(stdout).toMatch(/ROC-AUC \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] vs baseline/);
    expect(stdout).toMatch(/target \(issue 10, on simulated channels\): ROC-AUC at least 0\.75: (met|MISSED)/);
    const report = JSON.parse(await readFile(json, 'utf8')) as ViralEvaluationReport;
    expect(report.kind).toBe('content-viral');
    expect(report.channels.map((c) => c.channel)).toEqual(['tiny-1', 'tiny-2', 'tiny-3']);
    // Three channels are too few to resample: the intervals resample posts.
    expect(report.overall?.resampled).toBe('posts');
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--model', 'content'], 'unknown model: content; models: engagement, growth, content-cnn, content-viral'],
    [['--file', 'missing.jsonl'], 'missing.jsonl: no such file'],
    [['--file', 'channels.txt'], 'channels.txt: expected a .jsonl (interchange) or .csv (channel export) file, got ".txt"'],
    [['--held-out', '1'], '--held-out must be a share between 0 and 1 (e.g. 0.2), got "1"'],
    [['--registry'], '--registry needs MONGODB_URI'],
    [['--artifact', '/nonexistent-version'], '--artifact /nonexistent-version: no model.onnx and model.json there'],
  ])('refuses %j with exit 2 and says why', (args, message) => {
    const { status, stdout, stderr } = runCli('eval', args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('usage: pnpm eval');
  });
});
