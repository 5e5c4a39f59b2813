import { describe, expect, it } from 'vitest';
import { pathCapacity, recommendedResources, REPLICA } from '../capacity/capacity-model.js';
import { commandDelta, metricsUrlOf, parseCommandCounts } from '../capacity/command-counts.js';

describe('command counts from /metrics', () => {
  const exposition = [
    '# HELP telepulse_mongodb_command_duration_seconds MongoDB commands …',
    'telepulse_mongodb_command_duration_seconds_bucket{le="0.001",command="find",outcome="ok",service="channels"} 3',
    'telepulse_mongodb_command_duration_seconds_count{command="find",outcome="ok",service="channels"} 12',
    'telepulse_mongodb_command_duration_seconds_count{command="find",outcome="error",service="channels"} 1',
    'telepulse_mongodb_command_duration_seconds_count{service="channels",outcome="ok",command="insert"} 4',
    'telepulse_graphql_requests_total{operation_name="x",operation_type="query",outcome="ok",service="channels"} 9',
  ].join('\n');

  it('counts each command, its outcomes together, whatever the label order, and nothing else', () => {
    expect(parseCommandCounts(exposition)).toEqual(new Map([['find', 13], ['insert', 4]]));
  });

  it('gives the commands between two readings, leaving out those that did not move', () => {
    const before = new Map([['channels', new Map([['find', 10], ['insert', 4]])]]);
    const after = new Map([['channels', new Map([['find', 13], ['insert', 4], ['update', 2]])], ['drift', new Map([['find', 1]])]]);
    expect(commandDelta(before, after)).toEqual(new Map([['channels', new Map([['find', 3], ['update', 2]])], ['drift', new Map([['find', 1]])]]));
  });

  it('finds /metrics beside the GraphQL address', () => {
    expect(metricsUrlOf('http://127.0.0.1:4001/graphql')).toBe('http://127.0.0.1:4001/metrics');
  });
});

describe('capacity model', () => {
  const cost = { label: 'p', predictionsPerRequest: 1, cpuMsPerRequest: { gateway: 1.4, engagement: 0.7, growth: 0.01, ferretdb: 0.5 }, commandsPerRequest: 2, documentsPerRequest: 1 };

  it('sizes each service on the path by its CPU per request at the replica target, at least the minimum', () => {
    const c = pathCapacity(cost, 'ferretdb', [100, 1000]);
    const [low, high] = c.levels;
    expect(low!.services.map((s) => [s.name, s.replicas])).toEqual([['gateway', REPLICA.minReplicas], ['engagement', REPLICA.minReplicas]]);
    // 1,000/s × 1.4 ms = 1.4 cores; at 0.7 per replica, 2 replicas.
    expect(high!.services.find((s) => s.name === 'gateway')).toMatchObject({ cores: 1.4, replicas: 2 });
    expect(high!).toMatchObject({ commandsPerSecond: 2000, documentsPerSecond: 1000, databaseCores: 0.5 });
    expect(c.ferretCeiling).toBe(2000);
  });

  it('counts a batch per prediction and names the database once it is the busiest part', () => {
    const batch = pathCapacity({ ...cost, predictionsPerRequest: 64, cpuMsPerRequest: { gateway: 6.4, ferretdb: 64 } }, 'ferretdb', [10_000]);
    const [level] = batch.levels;
    expect(level!.requestsPerSecond).toBe(10_000 / 64);
    expect(level!.ferretUtilisation).toBe(10);
    expect(level!.firstWithFerret).toBe('FerretDB');
    expect(batch.ferretCeiling).toBe(1000);
  });

  it('recommends a CPU request that puts the HPA target at what a replica uses, and memory over the peak', () => {
    const r = recommendedResources({ peakRssMb: 200, cpuMsPerRequest: 1.4, atThousand: { name: 'gateway', cores: 1.4, replicas: 2, utilisation: 0.7 } });
    expect(r).toMatchObject({ cpuRequestMillis: 1000, cpuLimitMillis: 1000, memoryRequestMi: 256, memoryLimitMi: 320 });
    expect(r.requestsPerSecondAtTarget).toBeCloseTo(500);
    expect(recommendedResources({ peakRssMb: 100, cpuMsPerRequest: 1 }).cpuRequestMillis).toBe(250);
  });
});
