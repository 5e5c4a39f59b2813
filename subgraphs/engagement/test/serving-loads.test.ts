import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulesLoadedBy } from '../../../test/support/loaded-modules.js';

describe('the engagement service', () => {
  it('loads its model pipeline and no training code: no @tensorflow module, nothing from models/src/engagement/training', () => {
    // index.ts starts the service once its imports have loaded; an invalid port stops it right
    // there, at the environment check, before it connects to anything.
    const { modules, status, stderr } = modulesLoadedBy(join(import.meta.dirname, '..', 'src', 'index.ts'), { ENGAGEMENT_PORT: 'not-a-port' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/\[engagement\] failed to start: Invalid environment:[\s\S]*ENGAGEMENT_PORT/);
    expect(modules.some((url) => url.endsWith('/models/src/engagement/pipeline.ts'))).toBe(true);
    expect(modules.filter((url) => url.includes('/@tensorflow/') || url.includes('/models/src/engagement/training/'))).toEqual([]);
  });
});
