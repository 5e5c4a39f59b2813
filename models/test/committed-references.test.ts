import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGAGEMENT_ARTIFACT_DIR } from '../src/engagement/artifact.js';
import { ENGAGEMENT_DRIFT_FEATURES } from '../src/engagement/drift-features.js';
import { GROWTH_ARTIFACT_DIR } from '../src/growth/artifact.js';
import { GROWTH_DRIFT_FEATURES } from '../src/growth/drift-features.js';
import { CONTENT_VIRAL_ARTIFACT_DIR } from '../src/content-viral/artifact.js';
import { VIRAL_DRIFT_FEATURES } from '../src/content-viral/drift-features.js';
import type { ModelReference } from '../src/evaluation/reference-statistics.js';

// `pnpm reference <model>` wrote these; served predictions report the same names.
const COMMITTED = [
  ['engagement', ENGAGEMENT_ARTIFACT_DIR, ENGAGEMENT_DRIFT_FEATURES],
  ['growth', GROWTH_ARTIFACT_DIR, GROWTH_DRIFT_FEATURES],
  ['content-viral', CONTENT_VIRAL_ARTIFACT_DIR, VIRAL_DRIFT_FEATURES],
] as const;

describe('the committed artifacts\' reference statistics', () => {
  it.each(COMMITTED)('%s describes exactly its drift features over every training example', async (_name, dir, names) => {
    const metadata = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { reference: ModelReference; data: { examples: { train: number } } };
    expect(Object.keys(metadata.reference.features)).toEqual([...names]);
    for (const stats of Object.values(metadata.reference.features)) {
      expect(stats.count).toBe(metadata.data.examples.train);
      expect(stats.quantiles).toHaveLength(101);
      expect(stats.quantiles).toEqual([...stats.quantiles].sort((a, b) => a - b));
      expect(stats.std).toBeGreaterThanOrEqual(0);
    }
  });
});
