import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../../test/support/poll.js';
import { startPerformancePoller } from '../src/detection/performance-poller.js';
import { detectionProbe } from '../src/detection/detection-probe.js';

describe('the performance poller', () => {
  it('keeps detecting every model through a failing dependency, reports it DEGRADED, and recovers', async () => {
    const calls: string[] = [];
    let down = true;
    const logged: string[] = [];
    const poller = startPerformancePoller({
      models: ['a', 'b'],
      intervalMs: 1,
      detect: async (id) => {
        calls.push(id);
        if (down && id === 'b') throw new Error('gateway is unavailable');
      },
      log: (m) => void logged.push(m),
    });
    const probe = detectionProbe(poller, () => 0, 0);
    const patient = detectionProbe(poller, () => 0, 3_600_000);
    await pollUntil(async () => poller.ticks, (t) => t >= 3);
    expect(await probe()).toMatchObject({ status: 'DEGRADED', details: { failingModels: 'b' } });
    // Within its grace, a failure is a detail, not a degradation.
    expect(await patient()).toMatchObject({ status: 'UP', details: { failingModels: 'b' } });
    // One log line for the failure, not one per tick.
    expect(logged.filter((m) => m.includes('of b failed'))).toHaveLength(1);
    down = false;
    const recovered = poller.ticks;
    await pollUntil(async () => poller.ticks, (t) => t >= recovered + 2);
    expect((await probe()).status).toBe('UP');
    await poller.stop();
    const after = calls.length;
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.length).toBe(after);
    expect(calls.filter((c) => c === 'a').length).toBeGreaterThanOrEqual(3);
  });
});
