/** What a service says about itself on `/health`: its own status and the checks behind it. */
export type HealthStatus = 'UP' | 'DEGRADED' | 'DOWN';

export interface HealthCheck {
  name: string;
  status: HealthStatus;
  /** Free-form facts for operators: model version, execution provider, latency. */
  details?: Record<string, string | number | boolean | null>;
  error?: string;
}

export interface ServiceHealthReport {
  name: string;
  status: HealthStatus;
  uptimeSeconds: number;
  checks: HealthCheck[];
}

/** A named check the service runs on every `/health` request. */
export type HealthProbe = () => Promise<HealthCheck>;

/** Worst status wins: any DOWN check makes the service DOWN, any DEGRADED makes it DEGRADED. */
export function worstStatus(statuses: readonly HealthStatus[]): HealthStatus {
  if (statuses.includes('DOWN')) return 'DOWN';
  if (statuses.includes('DEGRADED')) return 'DEGRADED';
  return 'UP';
}

/** Runs every probe with a deadline, so one stuck dependency cannot hang the health endpoint. */
export async function runProbes(
  name: string,
  startedAt: number,
  probes: readonly HealthProbe[],
  timeoutMs: number,
): Promise<ServiceHealthReport> {
  const checks = await Promise.all(probes.map((probe, i) => withDeadline(probe, timeoutMs, `check ${i}`)));
  return {
    name,
    status: worstStatus(checks.map((c) => c.status)),
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    checks,
  };
}

async function withDeadline(probe: HealthProbe, timeoutMs: number, label: string): Promise<HealthCheck> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<HealthCheck>((resolve) => {
    timer = setTimeout(() => resolve({ name: label, status: 'DOWN', error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([
      probe().catch((error: unknown): HealthCheck => ({ name: label, status: 'DOWN', error: String(error) })),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
