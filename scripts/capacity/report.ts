/**
 * The markdown `pnpm bench:capacity` prints: a table per measured operation, the per-service
 * summary, the capacity tables of the two prediction paths, and the recommended requests and
 * limits per replica.
 */
import { FERRETDB_CORES, LIGHT_CPU_REQUEST_MILLIS, MONGO_PRIMARY, onPath, REPLICA, recommendedResources, type PathCapacity } from './capacity-model.js';
import type { Measurement, Stretch } from './measure-operation.js';

const f = (v: number | undefined, digits = 0) => (v === undefined || !Number.isFinite(v) ? '–' : v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
/** Two significant-ish digits for small figures, none for large. */
const g = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v >= 100 ? f(v) : v >= 10 ? f(v, 1) : v >= 0.1 ? f(v, 2) : f(v, 3));
const commandsText = (counts: Map<string, number> | undefined) =>
  counts && counts.size
    ? [...counts]
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c} ${g(n)}`)
        .join(', ')
    : '–';

/** Commands per request of every subgraph together, by command. */
export function totalCommands(m: Measurement): Map<string, number> {
  const total = new Map<string, number>();
  for (const counts of m.commandsPerRequest.values()) for (const [c, n] of counts) total.set(c, (total.get(c) ?? 0) + n);
  return total;
}
const sum = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + b, 0);

/** What the system does with no load, per second. */
export function backgroundTable(background: Stretch, processes: readonly string[]): string[] {
  const s = background.elapsedMs / 1000;
  const out = [`Background (no load, ${f(s, 1)} s; taken out of every figure below at its rate): CPU ms/s by process ${processes.map((p) => `${p} ${g((background.cpuMs[p] ?? 0) / s)}`).join(', ')}; DB commands/s ${[...background.commands].map(([svc, counts]) => `${svc}: ${[...counts].map(([c, n]) => `${c} ${g(n / s)}`).join(' ')}`).join('; ') || 'none'}.`];
  return out;
}

/** One operation's table: every process's CPU and peak RSS, each subgraph's commands, the documents added. */
export function measurementTable(m: Measurement, processes: readonly string[], seconds: number): string[] {
  const op = m.operation;
  const predictions = op.predictions ? ` = ${f(m.rps * op.predictions)} predictions/s` : '';
  const failures = m.failed ? ` (${[...m.failures].map(([r, n]) => `${r} × ${n}`).join(', ')})` : '';
  const lines = [
    `#### ${op.service} — ${op.label}`,
    '',
    `${m.connections} connection${m.connections > 1 ? 's' : ''}, ${f(m.requests / m.rps, 1)} s (sized for ${seconds} s by the warm-up's rate): ${f(m.requests)} requests, **${f(m.rps, m.rps < 100 ? 1 : 0)} req/s**${predictions}, p50 ${m.p50} ms, p99 ${m.p99} ms, ${m.failed} failed${failures}. Documents added per request: ${[...m.documentsPerRequest].map(([db, n]) => `${db} ${g(n)}`).join(', ') || 'none'}.`,
    '',
    '| process | CPU ms/request | RSS peak MB | DB commands/request (by type) |',
    '|---|---:|---:|---|',
  ];
  for (const p of processes) {
    const cpu = m.cpuMsPerRequest[p];
    const commands = m.commandsPerRequest.get(p);
    if ((cpu ?? 0) < 0.005 && !commands && p !== 'gateway' && p !== op.service) continue;
    lines.push(`| ${p} | ${g(cpu)} | ${f(m.peakRssMb[p])} | ${commandsText(commands)} |`);
  }
  lines.push(`| **all** | **${g(sum(processes.map((p) => m.cpuMsPerRequest[p] ?? 0)))}** | | **${g(sum(totalCommands(m).values()))}**: ${commandsText(totalCommands(m))} |`);
  lines.push('');
  return lines;
}

/** The largest RSS any run saw for each process. */
export function peakRss(measurements: readonly Measurement[], processes: readonly string[]): Record<string, number> {
  return Object.fromEntries(processes.map((p) => [p, Math.max(0, ...measurements.map((m) => m.peakRssMb[p] ?? 0))]));
}

/** Per service: its typical operation's req/s per core and what each request costs. */
export function summaryTable(measurements: readonly Measurement[], processes: readonly string[], database: string): string[] {
  const rss = peakRss(measurements, processes);
  const lines = [
    '| service | typical operation | req/s here (connections) | service CPU ms/request | **req/s per core** (service) | RSS per replica MB (peak, all runs) | gateway CPU ms/request | FerretDB CPU ms/request | all processes CPU ms/request | DB commands/request (all subgraphs) | documents added/request |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|',
  ];
  for (const m of measurements) {
    const own = m.cpuMsPerRequest[m.operation.service];
    lines.push(
      `| ${m.operation.service} | ${m.operation.label} | ${f(m.rps, m.rps < 100 ? 1 : 0)} (${m.connections}) | ${g(own)} | **${own ? f(1000 / own) : '–'}** | ${f(rss[m.operation.service])} | ${g(m.cpuMsPerRequest.gateway)} | ${g(m.cpuMsPerRequest[database])} | ${g(sum(processes.map((p) => m.cpuMsPerRequest[p] ?? 0)))} | ${g(sum(totalCommands(m).values()))}: ${commandsText(totalCommands(m))} | ${g(sum(m.documentsPerRequest.values()))} |`,
    );
  }
  lines.push('', `FerretDB RSS peak ${f(rss[database])} MB.`, '');
  return lines;
}

const pct = (u: number) => `${f(u * 100)} %`;

/** One prediction path at 100, 1,000 and 10,000 predictions/s. */
export function capacityTable(c: PathCapacity): string[] {
  const { cost, levels } = c;
  const names = levels[0]?.services.map((s) => s.name) ?? [];
  const lines = [
    `**${cost.label}** (${cost.predictionsPerRequest} prediction${cost.predictionsPerRequest > 1 ? 's' : ''} per request; measured per request: ${onPath(cost.cpuMsPerRequest)
      .map(([n, ms]) => `${n} ${g(ms)} ms`)
      .join(', ')} of CPU; ${g(cost.commandsPerRequest)} DB commands; ${g(cost.documentsPerRequest)} documents added)`,
    '',
    `| | ${levels.map((l) => `${f(l.predictionsPerSecond)} predictions/s (${g(l.requestsPerSecond)} req/s)`).join(' | ')} |`,
    `|---|${levels.map(() => '---').join('|')}|`,
  ];
  for (const name of names) {
    lines.push(`| ${name}: cores → replicas (utilisation) | ${levels.map((l) => {
      const s = l.services.find((x) => x.name === name)!;
      return `${g(s.cores)} → **${s.replicas}** (${pct(s.utilisation)})`;
    }).join(' | ')} |`);
  }
  lines.push(`| database commands/s | ${levels.map((l) => f(l.commandsPerSecond)).join(' | ')} |`);
  lines.push(`| documents written/s | ${levels.map((l) => f(l.documentsPerSecond)).join(' | ')} |`);
  lines.push(`| FerretDB on SQLite: cores (of its ${FERRETDB_CORES}) — measured ceiling ${f(c.ferretCeiling)} predictions/s | ${levels.map((l) => `${g(l.databaseCores)} (${pct(l.ferretUtilisation)})${l.ferretUtilisation > 1 ? ' **over**' : ''}`).join(' | ')} |`);
  lines.push(`| MongoDB replica set primary, ${MONGO_PRIMARY.cpu} vCPU at ${pct(MONGO_PRIMARY.target)} (*extrapolated*) | ${levels.map((l) => `~${g(l.databaseCores)} cores (${pct(l.mongoUtilisation)})${l.mongoUtilisation > 1 ? ' **over: shard**' : ''}`).join(' | ')} |`);
  lines.push(`| saturates first — on FerretDB / on MongoDB | ${levels.map((l) => `${l.firstWithFerret} / ${l.firstWithMongo}`).join(' | ')} |`);
  lines.push('', `One replica at the HPA target carries, in predictions/s: ${Object.entries(c.perReplica).map(([n, v]) => `${n} ${f(v)}`).join(', ')}.`, '');
  return lines;
}

/** Requests and limits per replica, per service, from the measurements and the single-prediction path at 1,000/s. */
export function resourcesTable(measurements: readonly Measurement[], services: readonly string[], single: PathCapacity): string[] {
  const rss = peakRss(measurements, services);
  const atThousand = single.levels.find((l) => l.predictionsPerSecond === 1000);
  const lines = [
    `Replica: CPU limit ${REPLICA.cpu}, HPA target ${pct(REPLICA.target)} of the CPU request, at least ${REPLICA.minReplicas} replicas. CPU request: on the prediction path, what a replica uses at 1,000 predictions/s ÷ the target (rounded up to 50m, ${LIGHT_CPU_REQUEST_MILLIS}m–1000m); elsewhere ${LIGHT_CPU_REQUEST_MILLIS}m. Memory: peak RSS measured + 25 % (request), + 50 % (limit).`,
    '',
    '| service | CPU request | CPU limit | memory request | memory limit | its typical operation: req/s per replica at the HPA target |',
    '|---|---:|---:|---:|---:|---|',
  ];
  for (const service of services) {
    const own = measurements.find((m) => m.operation.service === service && !m.operation.batched);
    const typical = service === 'gateway' ? measurements.find((m) => m.operation.predictions === 1) : own;
    const cpu = typical?.cpuMsPerRequest[service] ?? 0;
    const r = recommendedResources({ peakRssMb: rss[service] ?? 0, cpuMsPerRequest: cpu, ...(atThousand?.services.find((s) => s.name === service) ? { atThousand: atThousand.services.find((s) => s.name === service)! } : {}) });
    lines.push(`| ${service} | ${r.cpuRequestMillis}m | ${r.cpuLimitMillis}m | ${r.memoryRequestMi}Mi | ${r.memoryLimitMi}Mi | ${typical ? `${typical.operation.label}: ${f(r.requestsPerSecondAtTarget)}` : '–'} |`);
  }
  lines.push('');
  return lines;
}
