import { describe, expect, it } from 'vitest';
import { learningJobIdOf, validateStep } from '../src/domain/adaptation-run.js';

const at = new Date('2026-01-01T00:00:00Z');
const step = (name: string, result: unknown, state: 'SUCCEEDED' | 'SKIPPED' = 'SUCCEEDED') => validateStep({ name, state, startedAt: at, durationMs: 1, result });

describe('learningJobIdOf', () => {
  it('names the job of the first step whose result carries a jobId (the update step, before its wait)', () => {
    const steps = [
      step('processFeedbackBatch', { batchId: 'b1', items: 3 }),
      step('detectPerformanceDrift', { severity: 'LOW', alerts: ['a1'] }),
      step('performIncrementalUpdate', { jobId: 'job-1', strategy: 'INCREMENTAL' }),
      step('waitForLearningJob', { jobId: 'job-1', resultVersion: 'v2' }),
    ];
    expect(learningJobIdOf(steps)).toBe('job-1');
  });

  it('is null for a run that started no job: skipped after detection, or with results that are not objects or name no job', () => {
    expect(learningJobIdOf([])).toBeNull();
    expect(learningJobIdOf([step('processFeedbackBatch', { items: 0 }), step('recordPerformance', { reason: 'empty' }, 'SKIPPED')])).toBeNull();
    expect(learningJobIdOf([step('a', null), step('b', ['jobId']), step('c', 'job-1'), step('d', { jobId: 7 }), step('e', { jobId: '' })])).toBeNull();
  });
});
