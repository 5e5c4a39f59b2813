import type { HealthProbe } from '@telepulse/platform/health';
import type { Poller } from './performance-poller.js';

/**
 * Health of drift's own dependencies beyond MongoDB: whether the poller's last detection of each
 * model could read feedback's error stream through the gateway (DEGRADED, naming the models and
 * why, while it cannot: drift still answers, its alerts lag), and how many live subscribers it feeds.
 */
export function detectionProbe(poller: Poller | null, subscribers: () => number): HealthProbe {
  return async () => {
    const details = { poller: poller !== null, liveSubscribers: subscribers() };
    const failing = poller ? [...poller.failing()] : [];
    if (failing.length === 0) return { name: 'performance-detection', status: 'UP', details };
    return {
      name: 'performance-detection',
      status: 'DEGRADED',
      details: { ...details, failingModels: failing.map(([id]) => id).join(', ') },
      error: failing.map(([id, why]) => `${id}: ${why}`).join('; '),
    };
  };
}
