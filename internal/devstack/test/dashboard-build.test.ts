import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { dashboardBundleBytes, staleReason } from '../src/dashboard-build.js';

describe('when the dashboard needs building, and what it weighs', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A dashboard package with a source file and, when `builtAt` is given, a build at that time (seconds). */
  function dashboard(sourceAt: number, builtAt?: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'dashboard-build-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'src', 'pages'), { recursive: true });
    const source = join(dir, 'src', 'pages', 'page.tsx');
    writeFileSync(source, 'export {};');
    utimesSync(source, sourceAt, sourceAt);
    for (const folder of [join(dir, 'src', 'pages'), join(dir, 'src')]) utimesSync(folder, 1000, 1000);
    if (builtAt !== undefined) {
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html>');
      utimesSync(join(dir, 'dist', 'index.html'), builtAt, builtAt);
    }
    return dir;
  }

  it('builds when there is no build, or a source file is newer than it; not otherwise', () => {
    expect(staleReason(dashboard(2000))).toBe('not built yet');
    expect(staleReason(dashboard(3000, 2000))).toBe('its sources changed since the last build');
    expect(staleReason(dashboard(2000, 3000))).toBeNull();
  });

  it('weighs the JavaScript and CSS gzipped, nothing else', () => {
    const dir = dashboard(2000, 3000);
    mkdirSync(join(dir, 'dist', 'assets'));
    const js = 'console.log("dashboard");'.repeat(100);
    const css = 'body{margin:0}'.repeat(50);
    writeFileSync(join(dir, 'dist', 'assets', 'index.js'), js);
    writeFileSync(join(dir, 'dist', 'assets', 'index.css'), css);
    writeFileSync(join(dir, 'dist', 'assets', 'logo.png'), Buffer.alloc(50_000));
    expect(dashboardBundleBytes(join(dir, 'dist'))).toBe(gzipSync(js, { level: 9 }).length + gzipSync(css, { level: 9 }).length);
  });
});
