import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readTracingEnv, tracingSettings } from '@telepulse/platform/env';

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a TypeScript entry point as its own Node process (through tsx), with its output
 * prefixed by its name and `nodeFlags` (e.g. heap limits) before the entry. The process
 * inherits nothing but the given environment, PATH, HOME and NODE_ENV (so `NODE_ENV=production`
 * reaches every service and masks internal errors there too), the OTEL_* variables with
 * OTEL_SERVICE_NAME set to `name` and APOLLO_TELEMETRY_DISABLED=1; with
 * OTEL_EXPORTER_OTLP_ENDPOINT set, tracing is imported before the entry (tracing-register.ts).
 */
export function startServiceProcess(name: string, entry: string, env: Record<string, string>, cwd: string, nodeFlags: string[] = []): ServiceProcess {
  const tracing = tracingSettings(process.env);
  // Tracing is loaded before the entry, so the modules it patches are patched when first loaded.
  const tracingFlags = readTracingEnv(process.env).OTEL_EXPORTER_OTLP_ENDPOINT ? ['--import', import.meta.resolve('@telepulse/platform/tracing-register')] : [];
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', ...tracingFlags, entry], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(process.env.NODE_ENV ? { NODE_ENV: process.env.NODE_ENV } : {}),
      ...tracing,
      OTEL_SERVICE_NAME: name,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => console.log(`${name.padEnd(10)} | ${line}`));
  }
  return {
    name,
    child,
    stop: () => stopChild(child),
  };
}

/** Whether a child process has ended, by exit or by signal. */
export const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (hasExited(child)) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
  });
}

/** Resolves when `url` answers HTTP (any status); rejects if the process exits first or after `timeoutMs`. */
export async function waitForHttp(url: string, service: ServiceProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { exitCode, signalCode } = service.child;
    if (hasExited(service.child)) throw new Error(`${service.name} exited ${signalCode ? `on ${signalCode}` : `with code ${exitCode}`} while starting`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${service.name} did not answer at ${url} within ${timeoutMs} ms`);
}
