/**
 * What a process of the system uses, read from /proc where there is one (ps otherwise, for
 * memory): for the benchmarks that drive the whole system. Undefined while the process is gone
 * (between a crash and its restart).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** A process's resident set in MB. */
export function rssMb(pid: number): number | undefined {
  try {
    if (existsSync('/proc')) return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
  } catch {
    return undefined;
  }
}

/** CPU time a process has used so far, in ms (user + system), where /proc has it: a cost per request that holds up on a shared machine better than req/s. */
export function cpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
