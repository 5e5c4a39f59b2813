import type { HealthCheck, HealthProbe } from '@telepulse/platform/health';

/**
 * The `registry` health check: DEGRADED while some catalog model has no active version in
 * learning's registry (it could not be seeded yet: MongoDB away at start), so the predicting
 * subgraphs have nothing to follow for it and keep serving their own.
 */
export function registryProbe(state: () => { active: ReadonlyMap<string, string>; unseeded: readonly string[] }): HealthProbe {
  return async (): Promise<HealthCheck> => {
    const { active, unseeded } = state();
    return {
      name: 'registry',
      status: unseeded.length === 0 ? 'UP' : 'DEGRADED',
      details: { active: [...active].map(([id, version]) => `${id}@${version}`).join(', '), unseeded: unseeded.join(', ') },
      ...(unseeded.length > 0 ? { error: `not seeded yet (MongoDB unreachable): ${unseeded.join(', ')}` } : {}),
    };
  };
}
