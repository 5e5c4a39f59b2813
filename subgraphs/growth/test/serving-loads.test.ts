import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulesLoadedBy } from '../../../test/support/loaded-modules.js';

describe('the growth service', () => {
  it('loads its model pipeline and no training code: no @tensorflow module, nothing from models/src/growth/training', () => {
    // src/server.ts is what the manifest's runtime loads: every module the service runs with, and importing it starts nothing.
    const { modules, status, stderr } = modulesLoadedBy(join(import.meta.dirname, '..', 'src', 'server.ts'));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(modules.some((url) => url.endsWith('/models/src/growth/pipeline.ts'))).toBe(true);
    expect(modules.some((url) => url.endsWith('/internal/platform/src/supergraph-client.ts'))).toBe(true);
    expect(modules.filter((url) => url.includes('/@tensorflow/') || url.includes('/models/src/growth/training/'))).toEqual([]);
  });
});
