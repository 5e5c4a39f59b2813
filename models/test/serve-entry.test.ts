import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulesLoadedBy } from '../../test/support/loaded-modules.js';

const src = join(import.meta.dirname, '..', 'src');
const trainingCode = (modules: string[]) => modules.filter((url) => url.includes('/@tensorflow/') || /\/models\/src\/(engagement|growth|content-cnn|content-viral)\/training\//.test(url));

describe('serve-time and train-time entry points', () => {
  it.each(['engagement', 'growth', 'content-cnn', 'content-viral'])('the %s serving pipeline loads onnxruntime and piscina, and no @tensorflow module or training code', (model) => {
    const { modules, status, stderr } = modulesLoadedBy(join(src, model, 'pipeline.ts'));
    expect(status, stderr).toBe(0);
    expect(modules.some((url) => url.includes('/onnxruntime-node/'))).toBe(true);
    expect(modules.some((url) => url.includes('/piscina/'))).toBe(true);
    expect(trainingCode(modules)).toEqual([]);
  });

  it.each(['engagement', 'growth', 'content-cnn', 'content-viral'])('the %s trainer does load tfjs and its training code (so the check above can see them)', (model) => {
    const { modules, status, stderr } = modulesLoadedBy(join(src, model, 'training', 'train.ts'));
    expect(status, stderr).toBe(0);
    expect(modules.filter((url) => url.includes('/@tensorflow/')).length).toBeGreaterThan(0);
    expect(trainingCode(modules).some((url) => url.includes(`/models/src/${model}/training/`))).toBe(true);
  });
});
