import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo } from '../../test/support/mongo.js';
import { readGrowthArtifact } from '../src/growth/artifact.js';
import { GROWTH_MODEL_NAME, loadGrowthPipeline } from '../src/growth/pipeline.js';
import { addDays } from '../src/growth/series.js';
import { ModelRegistry } from '../src/registry/model-registry.js';

const counts = Array.from({ length: 40 }, (_, i) => ({ date: addDays('2024-06-01', i), count: 1200 + 7 * i }));

describe('loadGrowthPipeline on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  beforeAll(async () => {
    mongo = await testMongo();
  });
  afterAll(() => mongo?.drop());

  it('seeds an empty registry from the committed artifact and serves it from the registry', async () => {
    const db = mongo.db('fresh');
    const pipeline = await loadGrowthPipeline({ db, executionProvider: 'cpu', threads: 1 });
    try {
      expect(pipeline.name).toBe(GROWTH_MODEL_NAME);
      expect(pipeline.model.source).toBe('registry');
      const { metadata } = await readGrowthArtifact();
      expect((await new ModelRegistry(db).listVersions('growth')).map((v) => v._id)).toEqual([`growth@${metadata.version}`]);
      const estimate = await pipeline.forecast({ counts }, 7);
      expect(estimate.historyUsed).toBe(40);
      expect(estimate.points.map((p) => p.date)).toEqual(Array.from({ length: 7 }, (_, d) => addDays('2024-07-10', d + 1)));
      expect((await pipeline.probe()).status).toBe('UP');
    } finally {
      await pipeline.dispose();
    }
  });
});
