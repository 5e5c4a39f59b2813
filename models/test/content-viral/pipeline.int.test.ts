import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo } from '../../../test/support/mongo.js';
import { readViralArtifact } from '../../src/content-viral/artifact.js';
import { CONTENT_VIRAL_MODEL_NAME } from '../../src/content-viral/metadata.js';
import { loadViralPipeline } from '../../src/content-viral/pipeline.js';
import { ModelRegistry } from '../../src/registry/model-registry.js';

describe('loadViralPipeline on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  beforeAll(async () => {
    mongo = await testMongo();
  });
  afterAll(() => mongo?.drop());

  it('seeds an empty registry from the committed artifact and serves it from the registry', async () => {
    const db = mongo.db('fresh');
    const pipeline = await loadViralPipeline({ db, executionProvider: 'cpu', threads: 1 });
    try {
      expect(pipeline.name).toBe(CONTENT_VIRAL_MODEL_NAME);
      expect(pipeline.model.source).toBe('registry');
      const { metadata } = await readViralArtifact();
      expect(pipeline.version).toBe(metadata.version);
      expect((await new ModelRegistry(db).listVersions(CONTENT_VIRAL_MODEL_NAME)).map((v) => v._id)).toEqual([`${CONTENT_VIRAL_MODEL_NAME}@${metadata.version}`]);
      const text = 'Розыгрыш 🎁 share this with friends!';
      const estimate = await pipeline.score(text);
      expect(estimate.score).toBeGreaterThan(0);
      expect(estimate.score).toBeLessThan(1);
      expect(estimate.tokens).toBe(1 + new TextEncoder().encode(text).length);
      const explanation = await pipeline.explain(text);
      for (const d of explanation.drivers) expect(text.slice(d.start, d.end)).toBe(d.text);
      expect((await pipeline.probe()).status).toBe('UP');
    } finally {
      await pipeline.dispose();
    }
  });
});
