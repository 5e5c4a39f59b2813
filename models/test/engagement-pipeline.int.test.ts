import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo } from '../../test/support/mongo.js';
import { readEngagementArtifact } from '../src/engagement/artifact.js';
import { loadEngagementPipeline } from '../src/engagement/pipeline.js';
import { ModelRegistry } from '../src/registry/model-registry.js';

const candidate = { hourOfDay: 9, dayOfWeek: 0, contentLength: 100, hasMedia: false };
const history = [{ postedAt: new Date('2024-06-01T09:00:00Z'), views: 900, forwards: 3, replies: 1, reactions: 30, textLength: 80, hasMedia: false }];

describe('loadEngagementPipeline on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  beforeAll(async () => {
    mongo = await testMongo();
  });
  afterAll(() => mongo?.drop());

  it('seeds an empty registry from the committed artifact and serves it from the registry', async () => {
    const db = mongo.db('fresh');
    const pipeline = await loadEngagementPipeline({ db, executionProvider: 'cpu', threads: 1 });
    try {
      expect(pipeline.model.source).toBe('registry');
      expect((await new ModelRegistry(db).listVersions('engagement')).map((v) => v._id)).toEqual([`engagement@${(await readEngagementArtifact()).metadata.version}`]);
      expect((await pipeline.predict(history, candidate)).historyUsed).toBe(1);
    } finally {
      await pipeline.dispose();
    }
  });

  it('replaces 1.0.0, seeded from the artifact of an older release (first metadata layout), with the committed version', async () => {
    const db = mongo.db('legacy');
    const legacy = JSON.parse(await readFile(join(import.meta.dirname, 'fixtures', 'engagement-metadata-legacy.json'), 'utf8'));
    const registry = new ModelRegistry(db);
    await registry.register('engagement', '1.0.0', new Uint8Array([1, 2, 3]), legacy, 'artifact');
    await registry.activate('engagement', '1.0.0');

    const { metadata } = await readEngagementArtifact();
    const pipeline = await loadEngagementPipeline({ db, executionProvider: 'cpu', threads: 1 });
    try {
      expect(pipeline.version).toBe(metadata.version);
      expect((await registry.listVersions('engagement')).map((v) => v.version)).toEqual(['1.0.0', metadata.version]);
      expect((await pipeline.predict(history, candidate)).historyUsed).toBe(1);
    } finally {
      await pipeline.dispose();
    }
  });
});
