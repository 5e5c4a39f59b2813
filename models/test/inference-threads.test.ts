import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { inferenceThreads } from '../src/runtime/inference-threads.js';

describe('inference threads per model', () => {
  it('shares the cores among the models a process serves, at least one thread each', () => {
    expect(inferenceThreads({ servedModels: 1, cores: 8 })).toBe(8);
    expect(inferenceThreads({ servedModels: 3, cores: 8 })).toBe(2);
    expect(inferenceThreads({ servedModels: 6, cores: 2 })).toBe(1);
  });

  it('takes an explicit INFERENCE_THREADS over the default', () => {
    expect(inferenceThreads({ configured: 3, servedModels: 6, cores: 2 })).toBe(3);
  });

  it("counts this machine's cores when none are given", () => {
    expect(inferenceThreads({ servedModels: 1 })).toBe(availableParallelism());
  });

  it('rejects counts it cannot honour, naming the value', () => {
    expect(() => inferenceThreads({ configured: 0, servedModels: 1 })).toThrow('inference threads must be a whole number >= 1, got 0');
    expect(() => inferenceThreads({ servedModels: 0 })).toThrow('served models must be a whole number >= 1, got 0');
    expect(() => inferenceThreads({ servedModels: 1, cores: 1.5 })).toThrow('cores must be a whole number >= 1, got 1.5');
  });
});
