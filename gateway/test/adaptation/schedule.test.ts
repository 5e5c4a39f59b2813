import { describe, expect, it } from 'vitest';
import { ConflictError } from '@telepulse/platform';
import { pollUntil } from '../../../test/support/poll.js';
import type { AdaptationCoordinator } from '../../src/adaptation/pipeline/adaptation-coordinator.js';
import type { SupergraphCall } from '../../src/adaptation/pipeline/loopback-caller.js';
import { startSchedule } from '../../src/adaptation/triggers/schedule.js';

describe('the adaptation schedule', () => {
  it('starts a SCHEDULE run, as the pipeline, of each model that takes feedback and has some unprocessed; a model whose run is going is logged and left', async () => {
    const started: string[] = [];
    const lines: string[] = [];
    const coordinator = {
      start: async (modelId: string, trigger: string, identity: { subject: string }) => {
        started.push(`${modelId} ${trigger} ${identity.subject}`);
        if (modelId === 'growth') throw new ConflictError('model growth is being adapted by run r-1');
        return { id: `run-${modelId}` };
      },
    } as unknown as AdaptationCoordinator;
    const call = (async () => ({
      models: [
        { id: 'engagement', outcome: 'ENGAGEMENT_RATE', feedbackSummary: { unprocessed: 12 } },
        { id: 'growth', outcome: 'SUBSCRIBER_COUNT', feedbackSummary: { unprocessed: 3 } },
        { id: 'content-viral', outcome: 'VIRAL', feedbackSummary: { unprocessed: 0 } },
        { id: 'content-cnn', outcome: null, feedbackSummary: { unprocessed: 0 } },
      ],
    })) as unknown as SupergraphCall;
    const schedule = startSchedule({ periodMs: 5, coordinator, call, log: (line) => lines.push(line) });
    try {
      await pollUntil(async () => lines.length, (n) => n >= 2);
    } finally {
      schedule.stop();
    }
    expect(started.slice(0, 2)).toEqual(['engagement SCHEDULE gateway:adaptation', 'growth SCHEDULE gateway:adaptation']);
    expect(lines.slice(0, 2)).toEqual(['scheduled adaptation run run-engagement of engagement', 'scheduled adaptation of growth not started: model growth is being adapted by run r-1']);
  });

  it('logs a tick whose model list cannot be read and keeps ticking', async () => {
    const lines: string[] = [];
    let calls = 0;
    const call = (async () => {
      calls += 1;
      throw new Error('the gateway did not answer');
    }) as unknown as SupergraphCall;
    const schedule = startSchedule({ periodMs: 5, coordinator: {} as AdaptationCoordinator, call, log: (line) => lines.push(line) });
    try {
      await pollUntil(async () => calls, (n) => n >= 2);
    } finally {
      schedule.stop();
    }
    expect(lines[0]).toBe('the adaptation schedule could not list the models: the gateway did not answer');
  });
});
