import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulesLoadedBy } from '../../../test/support/loaded-modules.js';

describe('the content service', () => {
  it('loads both model pipelines and no training code: no @tensorflow module, nothing from a training folder', () => {
    // src/server.ts is what the manifest's runtime loads: every module the service runs with, and importing it starts nothing.
    const { modules, status, stderr } = modulesLoadedBy(join(import.meta.dirname, '..', 'src', 'server.ts'));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(modules.some((url) => url.endsWith('/models/src/content-cnn/pipeline.ts'))).toBe(true);
    expect(modules.some((url) => url.endsWith('/models/src/content-viral/pipeline.ts'))).toBe(true);
    expect(modules.filter((url) => url.includes('/@tensorflow/') || url.includes('/training/'))).toEqual([]);
  });
});
