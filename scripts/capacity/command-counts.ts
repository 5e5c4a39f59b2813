/**
 * The MongoDB commands a subgraph has sent, by command name, read from its `/metrics`
 * (`telepulse_mongodb_command_duration_seconds_count`, the driver's command monitoring:
 * internal/platform/src/mongo-command-metrics.ts). `/metrics` answers loopback only, which is
 * where the benchmark runs the system. Two readings apart give the commands in between.
 */

const COMMAND_COUNT = 'telepulse_mongodb_command_duration_seconds_count';

/** Commands by name (ok and error outcomes together) in one Prometheus exposition text. */
export function parseCommandCounts(exposition: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${COMMAND_COUNT}{`)) continue;
    const command = /[{,]command="([^"]*)"/.exec(line)?.[1];
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (command === undefined || !Number.isFinite(value)) continue;
    counts.set(command, (counts.get(command) ?? 0) + value);
  }
  return counts;
}

/** The `/metrics` address beside a service's GraphQL address (same origin). */
export const metricsUrlOf = (graphqlUrl: string) => new URL('/metrics', graphqlUrl).href;

/** Each service's commands so far, by service name (services whose /metrics did not answer are left out). */
export async function readCommandCounts(graphqlUrls: Readonly<Record<string, string>>): Promise<Map<string, Map<string, number>>> {
  const entries = await Promise.all(
    Object.entries(graphqlUrls).map(async ([service, url]) => {
      try {
        const response = await fetch(metricsUrlOf(url));
        return response.ok ? ([[service, parseCommandCounts(await response.text())]] as const) : [];
      } catch {
        return [];
      }
    }),
  );
  return new Map(entries.flat());
}

/** `after − before`, by service and command; commands that did not move are left out. */
export function commandDelta(before: Map<string, Map<string, number>>, after: Map<string, Map<string, number>>): Map<string, Map<string, number>> {
  const delta = new Map<string, Map<string, number>>();
  for (const [service, counts] of after) {
    const moved = new Map<string, number>();
    for (const [command, n] of counts) {
      const d = n - (before.get(service)?.get(command) ?? 0);
      if (d > 0) moved.set(command, d);
    }
    if (moved.size) delta.set(service, moved);
  }
  return delta;
}
