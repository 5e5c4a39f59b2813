import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulesLoadedBy } from '../../test/support/loaded-modules.js';

const src = join(import.meta.dirname, '..', 'src');
const trainingCode = (modules: string[]) => modules.filter((url) => url.includes('/@tensorflow/') || url.includes('/models/src/engagement/training/'));

describe('serve-time and train-time entry points', () => {
  it('the serving pipeline loads onnxruntime and piscina, and no @tensorflow module or training code', () => {
    const { modules, status, stderr } = modulesLoadedBy(join(src, 'engagement', 'pipeline.ts'));
    expect(status, stderr).toBe(0);
    expect(modules.some((url) => url.includes('/onnxruntime-node/'))).toBe(true);
    expect(modules.some((url) => url.includes('/piscina/'))).toBe(true);
    expect(trainingCode(modules)).toEqual([]);
  });

  it('the trainer does load tfjs (so the check above can see it)', () => {
    const { modules, status, stderr } = modulesLoadedBy(join(src, 'engagement', 'training', 'train.ts'));
    expect(status, stderr).toBe(0);
    expect(modules.filter((url) => url.includes('/@tensorflow/')).length).toBeGreaterThan(0);
  });
});
