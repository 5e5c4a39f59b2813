import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo } from '../../test/support/mongo.js';
import { readContentCnnArtifact } from '../src/content-cnn/artifact.js';
import { CONTENT_CNN_MODEL_NAME, loadContentCnnPipeline } from '../src/content-cnn/pipeline.js';
import { ModelRegistry } from '../src/registry/model-registry.js';

describe('loadContentCnnPipeline on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  beforeAll(async () => {
    mongo = await testMongo();
  });
  afterAll(() => mongo?.drop());

  it('seeds an empty registry from the committed artifact and serves it from the registry', async () => {
    const db = mongo.db('fresh');
    const pipeline = await loadContentCnnPipeline({ db, executionProvider: 'cpu', threads: 1 });
    try {
      expect(pipeline.name).toBe(CONTENT_CNN_MODEL_NAME);
      expect(pipeline.model.source).toBe('registry');
      const { metadata } = await readContentCnnArtifact();
      expect((await new ModelRegistry(db).listVersions(CONTENT_CNN_MODEL_NAME)).map((v) => v._id)).toEqual([`content-cnn@${metadata.version}`]);
      const estimate = await pipeline.analyze('Giveaway! Comment below to win a new phone 📱');
      expect(estimate.embedding).toHaveLength(pipeline.embeddingDims);
      expect(Number.isFinite(estimate.relativeEngagement)).toBe(true);
      expect((await pipeline.probe()).status).toBe('UP');
    } finally {
      await pipeline.dispose();
    }
  });
});
