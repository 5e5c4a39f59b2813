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
      expect((await new ModelRegistry(db).listVersions('engagement')).map((v) => v._id)).toEqual(['engagement@1.0.0']);
      expect((await pipeline.predict(history, candidate)).historyUsed).toBe(1);
    } finally {
      await pipeline.dispose();
    }
  });

  it('serves a version registered with the first metadata layout, upgraded on load', async () => {
    const db = mongo.db('legacy');
    const { onnx } = await readEngagementArtifact();
    const legacy = JSON.parse(await readFile(join(import.meta.dirname, 'fixtures', 'engagement-metadata-legacy.json'), 'utf8'));
    const registry = new ModelRegistry(db);
    await registry.register('engagement', '1.0.0', onnx, legacy, 'artifact');
    await registry.activate('engagement', '1.0.0');

    const pipeline = await loadEngagementPipeline({ db, executionProvider: 'cpu', threads: 1 });
    try {
      expect(pipeline.model.source).toBe('registry');
      expect(pipeline.metadata.io.inputs[0]).toMatchObject({ name: 'history', shape: ['batch', 17, 8] });
      expect(pipeline.historyPosts).toBe(16);
      const estimate = await pipeline.predict(history, candidate);
      expect(estimate.rate).toBeGreaterThan(0);
      expect(estimate.inputShape).toEqual([17, 8]);
    } finally {
      await pipeline.dispose();
    }
  });
});
