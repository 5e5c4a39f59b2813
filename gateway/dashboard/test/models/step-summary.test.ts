import { describe, expect, it } from 'vitest';
import { stepSummary } from '../../src/pages/models/step-summary.js';

describe('stepSummary', () => {
  it('says what each pipeline step found or made', () => {
    expect(stepSummary('processFeedbackBatch', { batchId: 'b', items: 320, byVersion: [{ version: '2.1.0', count: 320, mae: 0.018 }] })).toMatch(/^320 feedback items processed \(2\.1\.0: 320, MAE 0\.0180\)$/);
    expect(stepSummary('recordPerformance', { reason: 'the batch is empty' })).toBe('the batch is empty');
    expect(stepSummary('detectPerformanceDrift', { severity: 'HIGH', reason: 'error doubled' })).toBe('drift HIGH: error doubled');
    expect(stepSummary('performIncrementalUpdate', { jobId: 'j1', strategy: 'INCREMENTAL' })).toBe('learning job j1 started (INCREMENTAL)');
    expect(stepSummary('waitForLearningJob', { jobId: 'j1', state: 'SUCCEEDED', resultVersion: '2.1.0+inc.1' })).toBe('learning job j1 succeeded: made 2.1.0+inc.1');
    expect(stepSummary('championChallenger', { decision: 'ACTIVATED', challenger: 'v2', champion: 'v1' })).toBe('v2 activated');
    expect(stepSummary('championChallenger', { decision: 'KEPT_AS_CANDIDATE', challenger: 'v2', champion: 'v1' })).toBe('v2 kept as a candidate (v1 stays)');
  });

  it('lists the scalars of a step it does not know, and reads results that are not objects', () => {
    expect(stepSummary('somethingNew', { count: 3, ok: true, nested: { a: 1 } })).toBe('count: 3, ok: true');
    expect(stepSummary('somethingNew', null)).toBe('');
    expect(stepSummary('somethingNew', 'plain')).toBe('plain');
    // Fields of the wrong type read as missing, never as "undefined".
    expect(stepSummary('performIncrementalUpdate', { jobId: 7 })).toBe('learning job ? started (?)');
  });
});
