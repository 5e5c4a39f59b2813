import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEngagementArtifact } from '../src/engagement/artifact.js';
import { upgradeEngagementMetadata } from '../src/engagement/metadata.js';
import { parseModelIo } from '../src/runtime/model-io.js';

describe('engagement metadata layouts', () => {
  it('upgrades the first layout (what registries seeded with 1.0.0 hold) to exactly the committed metadata, key order included', async () => {
    const legacy = JSON.parse(await readFile(join(import.meta.dirname, 'fixtures', 'engagement-metadata-legacy.json'), 'utf8'));
    const committed = JSON.parse(await readFile(join(import.meta.dirname, 'fixtures', 'engagement-metadata-1.0.0.json'), 'utf8'));
    expect(legacy.io).toBeUndefined();
    expect(JSON.stringify(upgradeEngagementMetadata(legacy))).toBe(JSON.stringify(committed));
  });

  it('leaves current metadata as it is, and the committed io passes the runtime contract', async () => {
    const { metadata } = await readEngagementArtifact();
    expect(upgradeEngagementMetadata(metadata)).toBe(metadata);
    expect(parseModelIo(metadata.io, 'engagement')).toEqual(metadata.io);
  });
});
