import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo } from '../../test/support/mongo.js';
import { readContentCnnArtifact } from '../src/content-cnn/artifact.js';
import { CONTENT_CNN_MODEL_NAME, loadContentCnnPipeline } from '../src/content-cnn/pipeline.js';
import { ModelRegistry } from '../src/registry/model-registry.js';
import { smallContentCnnArtifact } from './support/content-cnn-artifact.js';

/** loadContentCnnPipeline against the model registry in a real MongoDB-compatible server. */
let mongo: Awaited<ReturnType<typeof testMongo>>;
beforeAll(async () => {
  mongo = await testMongo();
});
afterAll(() => mongo?.drop());

const serve = (db: Db) => loadContentCnnPipeline({ db, executionProvider: 'cpu', threads: 1 });

describe('loadContentCnnPipeline', () => {
  it("serves the registry's active version, not the committed artifact, when there is one", async () => {
    const db = mongo.db('registered');
    const small = await smallContentCnnArtifact(undefined, '0.0.2-registered');
    const registry = new ModelRegistry(db);
    await registry.register(CONTENT_CNN_MODEL_NAME, small.metadata.version, small.onnx, small.metadata, 'test');
    await registry.activate(CONTENT_CNN_MODEL_NAME, small.metadata.version);
    const pipeline = await serve(db);
    try {
      expect([pipeline.version, pipeline.maxTokens, pipeline.embeddingDims]).toEqual(['0.0.2-registered', 128, 12]);
      expect((await pipeline.analyze('ok')).tokens).toBe(3);
    } finally {
      await pipeline.dispose();
    }
  });

  it('seeds an empty registry with the committed artifact, and serves that from the registry', async () => {
    const db = mongo.db('fresh');
    const pipeline = await serve(db);
    try {
      const { metadata } = await readContentCnnArtifact();
      expect((await new ModelRegistry(db).listVersions(CONTENT_CNN_MODEL_NAME)).map((v) => v._id)).toEqual([`content-cnn@${metadata.version}`]);
      expect([pipeline.name, pipeline.version, pipeline.model.source]).toEqual([CONTENT_CNN_MODEL_NAME, metadata.version, 'registry']);
      const estimate = await pipeline.analyze('Giveaway! Comment below to win a new phone 📱');
      expect(estimate.embedding).toHaveLength(96);
      expect(Number.isFinite(estimate.relativeEngagement)).toBe(true);
      expect((await pipeline.probe()).status).toBe('UP');
    } finally {
      await pipeline.dispose();
    }
  });
});
