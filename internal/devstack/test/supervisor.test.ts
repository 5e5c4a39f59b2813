import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { stopChild, type ServiceProcess } from '@telepulse/devstack/service-process';
import { parseStartedLine, RestartBackoff, startedLine, superviseService, type SupervisedService } from '@telepulse/devstack/supervisor';
import { pollUntil } from '../../../test/support/poll.js';

const SERVES = "console.log('ready'); setInterval(() => {}, 1000)";
/** Serves for a moment, then crashes: a service in a crash loop. */
const CRASHES_AFTER_SERVING = "console.log('ready'); setTimeout(() => process.exit(3), 20)";
const NEVER_SERVES = 'process.exit(1)';

/** Node processes running `script`, counted; `ready` is the line 'ready' on their stdout. */
function fakeService(script: string) {
  const launched: ChildProcess[] = [];
  const lines: string[] = [];
  const launch = (): ServiceProcess => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    launched.push(child);
    return { name: 'svc', child, stop: () => stopChild(child) };
  };
  const ready = (service: ServiceProcess) =>
    new Promise<void>((resolve, reject) => {
      service.child.stdout!.on('data', (chunk) => String(chunk).includes('ready') && resolve());
      service.child.once('exit', (code, signal) => reject(new Error(`exited ${signal ?? code}`)));
    });
  return { launched, lines, options: { name: 'svc', launch, ready, log: (line: string) => lines.push(line) } };
}

describe('RestartBackoff', () => {
  const policy = { initialDelayMs: 500, maxDelayMs: 4000, stableAfterMs: 30_000, maxRestarts: 5 };

  it('doubles the wait with each failure in a row, up to the cap, then gives up', () => {
    const backoff = new RestartBackoff(policy);
    const decisions = Array.from({ length: 6 }, () => backoff.next(1000));
    expect(decisions).toEqual([
      { restartInMs: 500, failure: 1 },
      { restartInMs: 1000, failure: 2 },
      { restartInMs: 2000, failure: 3 },
      { restartInMs: 4000, failure: 4 },
      { restartInMs: 4000, failure: 5 },
      { giveUp: true, failure: 6 },
    ]);
  });

  it('starts counting afresh after a process that served longer than stableAfterMs', () => {
    const backoff = new RestartBackoff(policy);
    backoff.next(0);
    backoff.next(0);
    expect(backoff.next(30_000)).toEqual({ restartInMs: 500, failure: 1 });
  });
});

describe('superviseService', () => {
  let service: SupervisedService | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it('restarts a process killed with SIGKILL, logging the signal and the new pid', async () => {
    const fake = fakeService(SERVES);
    service = superviseService({ ...fake.options, policy: { initialDelayMs: 10 } });
    await service.started;
    const first = service.pid!;
    expect(fake.lines).toEqual([startedLine('svc', first)]);

    process.kill(first, 'SIGKILL');
    await pollUntil(async () => service!.state, (state) => state === 'up' && service!.pid !== first);

    expect(fake.launched).toHaveLength(2);
    expect(fake.lines[1]).toMatch(/^svc exited on SIGKILL after \d+\.\d s up; restarting in 0\.0 s \(attempt 1 of 5\)$/);
    expect(parseStartedLine(`start      | ${fake.lines[2]}`)).toEqual({ name: 'svc', pid: service.pid });
    expect(fake.lines[3]).toMatch(/^svc is up again \(pid \d+, /);
  });

  it('gives up after maxRestarts failed restarts in a row, with a line that says so, and leaves it down', async () => {
    const fake = fakeService(CRASHES_AFTER_SERVING);
    service = superviseService({ ...fake.options, policy: { initialDelayMs: 5, maxRestarts: 3 } });
    await service.started;
    await pollUntil(async () => service!.state, (state) => state === 'gave up');

    expect(fake.launched).toHaveLength(4);
    expect(fake.launched.every((child) => child.exitCode === 3)).toBe(true);
    expect(fake.lines.filter((line) => /exited with code 3 .*restarting in/.test(line))).toHaveLength(3);
    expect(fake.lines.at(-1)).toMatch(/^svc exited with code 3 .*: 3 restarts in a row failed, giving up; svc stays down/);
    expect(service.pid).toBeUndefined();
  });

  it('fails `started` when the first process never serves, and does not retry it', async () => {
    const fake = fakeService(NEVER_SERVES);
    service = superviseService({ ...fake.options, policy: { initialDelayMs: 5 } });
    await expect(service.started).rejects.toThrow('exited 1');
    expect(fake.launched).toHaveLength(1);
    expect(service.pid).toBeUndefined();
  });

  it('stops without restarting, also when the stop comes while a restart is pending', async () => {
    const fake = fakeService(SERVES);
    service = superviseService({ ...fake.options, policy: { initialDelayMs: 300 } });
    await service.started;
    await service.stop();
    expect(fake.launched[0]!.signalCode).toBe('SIGTERM');

    const again = fakeService(SERVES);
    service = superviseService({ ...again.options, policy: { initialDelayMs: 300 } });
    await service.started;
    process.kill(service.pid!, 'SIGKILL');
    await pollUntil(async () => service!.state, (state) => state === 'restarting');
    await service.stop();

    // Past every restart either stop could have let through.
    await sleep(600);
    expect(fake.launched).toHaveLength(1);
    expect(again.launched).toHaveLength(1);
    expect(service.state).toBe('stopped');
  });
});
