import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { FERRETDB_VERSION } from '@telepulse/devstack/ferretdb';

/**
 * The command line of the benches that time a store as its collection grows (bench:storage,
 * bench:ingest, bench:feedback): `--stored` (the collection sizes, comma-separated), `--runs`
 * (timed runs per size) and `--uri` (a server to use instead of a FerretDB of the bench's own;
 * MONGODB_URI by default).
 */
export function collectionGrowthOptions(defaults: { stored: string; runs: string }): { storedCounts: number[]; runs: number; uri: string } {
  const { values } = parseArgs({
    options: {
      stored: { type: 'string', default: defaults.stored },
      runs: { type: 'string', default: defaults.runs },
      uri: { type: 'string', default: process.env.MONGODB_URI ?? '' },
    },
  });
  const storedCounts = values.stored.split(',').map(Number);
  const runs = Number(values.runs);
  if (storedCounts.some((n) => !Number.isInteger(n) || n < 0)) throw new Error(`--stored takes whole numbers >= 0, comma-separated, got ${values.stored}`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number >= 1, got ${values.runs}`);
  return { storedCounts, runs, uri: values.uri };
}

/** The server a bench ran on, without credentials. */
export function serverLabel(givenUri: string, uri: string): string {
  return givenUri ? `MongoDB at ${uri.replace(/\/\/[^@]*@/, '//')}` : `FerretDB ${FERRETDB_VERSION} (SQLite), its own`;
}

/** The machine, the date and the load average before the run and now: the line under a bench's title. */
export function machineLine(loadBefore: readonly number[]): string {
  const load = (l: readonly number[]) => l.map((x) => x.toFixed(2)).join(' ');
  return (
    `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; ` +
    `load average ${load(loadBefore)} before, ${load(loadavg())} after`
  );
}

/** A duration for a table: milliseconds to one decimal, seconds from 1 s. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
