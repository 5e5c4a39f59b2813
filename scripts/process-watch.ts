/**
 * What a set of the system's processes use over a stretch of time: CPU time from /proc at the
 * start and the end (robust to a shared machine's other load, unlike req/s), and the peak RSS of
 * each from samples taken every `sampleMs`. For the benchmarks that drive the whole system.
 */
import { cpuMs, rssMb } from './process-usage.js';

export interface ProcessUse {
  /** ms of CPU time (user + system) each process used in the stretch; undefined when it was gone at either end. */
  cpuMs: Record<string, number | undefined>;
  /** The largest RSS sampled for each process, in MB (0 when never sampled). */
  peakRssMb: Record<string, number>;
  /** Wall time of the stretch, in ms. */
  elapsedMs: number;
}

/** Starts watching `pids` (name → pid); `stop()` ends the stretch and says what each used. */
export function watchProcesses(pids: Readonly<Record<string, number>>, sampleMs = 100): { stop(): ProcessUse } {
  const names = Object.keys(pids);
  const peak: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const sample = () => {
    for (const n of names) peak[n] = Math.max(peak[n]!, rssMb(pids[n]!) ?? 0);
  };
  sample();
  const timer = setInterval(sample, sampleMs);
  const startedAt = performance.now();
  const before = Object.fromEntries(names.map((n) => [n, cpuMs(pids[n]!)]));
  return {
    stop() {
      clearInterval(timer);
      sample();
      const elapsedMs = performance.now() - startedAt;
      const used = Object.fromEntries(
        names.map((n) => {
          const after = cpuMs(pids[n]!);
          const b = before[n];
          return [n, after !== undefined && b !== undefined ? after - b : undefined];
        }),
      );
      return { cpuMs: used, peakRssMb: peak, elapsedMs };
    },
  };
}
