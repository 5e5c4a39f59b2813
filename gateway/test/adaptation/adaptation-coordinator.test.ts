import { describe, expect, it } from 'vitest';
import { getOperationAST, type DocumentNode } from 'graphql';
import { pollUntil } from '../../../test/support/poll.js';
import { AdaptationCoordinator } from '../../src/adaptation/pipeline/adaptation-coordinator.js';
import { OperationError, PIPELINE_IDENTITY, type SupergraphCall } from '../../src/adaptation/pipeline/loopback-caller.js';

/** A supergraph stand-in that begins runs (or refuses with CONFLICT), skips them at detection, and records who called what with which trace. */
function fake({ conflict = false } = {}) {
  const calls: { operation: string; subject: string; via: readonly string[] }[] = [];
  const callerFor = (identity: { subject: string }, trace: { via: readonly string[] }): SupergraphCall =>
    (async (document: DocumentNode) => {
      const operation = getOperationAST(document)!.name!.value;
      calls.push({ operation, subject: identity.subject, via: trace.via });
      switch (operation) {
        case 'BeginAdaptationRun':
          if (conflict) throw new OperationError('BeginAdaptationRun', 'model engagement is being adapted by run r-0', 'CONFLICT', { runId: 'r-0' });
          return { beginAdaptationRun: { id: 'r-1' } };
        case 'ProcessFeedbackBatch':
          return { processFeedbackBatch: { id: 'b', items: 0, byVersion: [] } };
        case 'DetectPerformanceDrift':
          return { detectPerformanceDrift: { modelVersion: '1', itemsRead: 0, windowMeanError: null, severity: 'NONE', reason: 'nothing new', alerts: [] } };
        default:
          return { recordAdaptationStep: { id: 'r-1' }, finishAdaptationRun: { id: 'r-1', state: 'SKIPPED' } };
      }
    }) as unknown as SupergraphCall;
  return { calls, callerFor };
}

describe('the adaptation coordinator', () => {
  it('returns the run once begun, carries it out in the background as the identity given, with `adaptation` in the trace, and logs its end', async () => {
    const { calls, callerFor } = fake();
    const lines: string[] = [];
    const coordinator = new AdaptationCoordinator({ callerFor, settings: { jobTimeoutMs: 1000, pollMs: 1 }, log: (line) => lines.push(line) });
    expect(await coordinator.start('engagement', 'SCHEDULE', PIPELINE_IDENTITY, { trace: { requestId: 'q-1', via: [] } })).toEqual({ id: 'r-1' });
    await pollUntil(async () => coordinator.running, (n) => n === 0);
    expect(calls.map((c) => c.operation)).toEqual(['BeginAdaptationRun', 'ProcessFeedbackBatch', 'RecordAdaptationStep', 'RecordAdaptationStep', 'DetectPerformanceDrift', 'RecordAdaptationStep', 'FinishAdaptationRun']);
    expect(new Set(calls.map((c) => `${c.subject} ${c.via.join(',')}`))).toEqual(new Set(['gateway:adaptation adaptation']));
    expect(lines).toEqual(['adaptation run r-1 of engagement (SCHEDULE) ended SKIPPED: no drift: nothing new']);
  });

  it("hands the caller learning's CONFLICT and runs nothing; refuses a start coming back through a run", async () => {
    const { calls, callerFor } = fake({ conflict: true });
    const coordinator = new AdaptationCoordinator({ callerFor, settings: { jobTimeoutMs: 1000, pollMs: 1 } });
    await expect(coordinator.start('engagement', 'MANUAL', { subject: 'ada', scopes: ['admin'] })).rejects.toMatchObject({ code: 'CONFLICT', details: { runId: 'r-0' } });
    expect(calls.map((c) => c.operation)).toEqual(['BeginAdaptationRun']);
    await expect(coordinator.start('engagement', 'MANUAL', { subject: 'ada', scopes: ['admin'] }, { trace: { requestId: 'q-2', via: ['adaptation'] } })).rejects.toMatchObject({ code: 'REQUEST_LOOP' });
    expect(coordinator.running).toBe(0);
  });

  it('stops the runs in flight at their next step, recorded FAILED, and waits for them', async () => {
    const { calls, callerFor } = fake();
    const lines: string[] = [];
    const coordinator = new AdaptationCoordinator({ callerFor, settings: { jobTimeoutMs: 1000, pollMs: 1 }, log: (line) => lines.push(line) });
    await coordinator.start('engagement', 'SCHEDULE', PIPELINE_IDENTITY);
    await coordinator.stop();
    expect(coordinator.running).toBe(0);
    expect(calls.at(-1)!.operation).toBe('FinishAdaptationRun');
    expect(lines).toEqual([expect.stringMatching(/^adaptation run r-1 of engagement \(SCHEDULE\) ended FAILED: \w+ failed: the gateway is stopping$/)]);
  });
});
