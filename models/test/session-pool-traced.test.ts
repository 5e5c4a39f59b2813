import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('SessionPool in a traced service', () => {
  // A service started with OTEL_EXPORTER_OTLP_ENDPOINT runs `node --import tsx --import
  // tracing-register.ts`; its inference workers must not inherit those flags (they have no tsx hooks).
  it('starts its workers and loads the model when the process was started with the tracing flags', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', join(root, 'internal', 'platform', 'src', 'tracing-register.ts'), join(import.meta.dirname, 'support', 'traced-session-pool.ts')],
      { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_SERVICE_NAME: 'session-pool-test' } },
    );
    expect(child.stderr).not.toMatch(/Unknown file extension/);
    expect(child.stdout).toMatch(/tracing: spans exported to http:\/\/127\.0\.0\.1:9/);
    expect(child.stdout).toMatch(/^inputs: \S+/m);
    expect(child.status, child.stderr).toBe(0);
  });
});
