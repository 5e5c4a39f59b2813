import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGAGEMENT_ARTIFACT_DIR } from '../../src/engagement/artifact.js';
import { channelFileFixture, runCli } from './run-cli.js';

describe('pnpm reference', () => {
  // Each start loads the trainers (tfjs), about 2 s: refusals only; a success rewrites a committed artifact.
  it.each([
    [['content'], 'unknown model: content; models: engagement, growth, content-viral'],
    [['content-cnn'], 'unknown model: content-cnn'],
    [['growth', '--held-out', '1'], '--held-out must be a share between 0 and 1'],
    // The committed engagement model trained on dona134 besides the simulator: without it the data would not be the same.
    [['engagement'], 'engagement 2.1.0 trained on the file channels [dona134], --file gives []: pass the same files'],
  ])('refuses %j with exit 2, writing nothing', async (args, message) => {
    const before = await readFile(join(ENGAGEMENT_ARTIFACT_DIR, 'model.json'), 'utf8');
    const { status, stderr } = runCli('reference', args);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('usage: pnpm reference engagement|growth|content-viral');
    expect(await readFile(join(ENGAGEMENT_ARTIFACT_DIR, 'model.json'), 'utf8')).toBe(before);
  });

  it('refuses files other than those the committed model trained on', async () => {
    const fixture = await channelFileFixture({ seed: 4, channels: 1, days: 30, idPrefix: 'reffile' });
    try {
      const { status, stderr } = runCli('reference', ['growth', '--file', fixture.file]);
      expect(status).toBe(2);
      expect(stderr).toContain(`growth 1.1.0 trained on the file channels [], --file gives [${fixture.channels[0]!.id}]`);
    } finally {
      await fixture.remove();
    }
  });
});
