import type { HealthProbe } from '@telepulse/platform/health';
import type { Poller } from './performance-poller.js';

/**
 * Health of drift's own dependencies beyond MongoDB: whether the poller's detections can read
 * feedback's error stream through the gateway, and how many live subscribers drift feeds. A model
 * whose detection has failed for longer than `graceMs` makes it DEGRADED, naming the models and
 * why (drift still answers; its alerts lag). Shorter failures (the gateway not up yet while a
 * stack starts) are reported in the details only.
 */
export function detectionProbe(poller: Poller | null, subscribers: () => number, graceMs: number): HealthProbe {
  return async () => {
    const failing = poller ? [...poller.failing()] : [];
    const details = {
      poller: poller !== null,
      liveSubscribers: subscribers(),
      failingModels: failing.map(([id]) => id).join(', ') || null,
    };
    const stuck = failing.filter(([, f]) => Date.now() - f.since >= graceMs);
    if (stuck.length === 0) return { name: 'performance-detection', status: 'UP', details };
    return { name: 'performance-detection', status: 'DEGRADED', details, error: stuck.map(([id, f]) => `${id}: ${f.error}`).join('; ') };
  };
}
