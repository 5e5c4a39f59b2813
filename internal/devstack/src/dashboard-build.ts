/**
 * Builds the web dashboard (gateway/dashboard) with Vite when its dist/ is missing or older than
 * any of its sources, so `pnpm start` and the browser tests' global setup serve a current
 * dashboard with no extra step; a current build is left alone (a second start costs a stat per
 * source file). Vite runs as its own process (its bin, from the dashboard's dependencies), so
 * its memory goes away with it. After a build the bundle is held to its budget (under 100 KB of
 * gzipped JavaScript and CSS): a dashboard that grew past it fails the build, not a later review.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '@telepulse/platform/repo-layout';

export const DASHBOARD_DIR = join(repoRoot, 'gateway', 'dashboard');
export const DASHBOARD_DIST = join(DASHBOARD_DIR, 'dist');
/** The budget of the built JavaScript and CSS, gzipped, in bytes (issue 14: under ~100 KB). */
export const DASHBOARD_BUDGET_BYTES = 100 * 1024;

/** Files and folders whose change calls for a new build (the rest of the package is output or dependencies). */
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package.json'];

export type DashboardBuildErrorCode = 'BUILD_FAILED' | 'OVER_BUDGET' | 'VITE_MISSING';

export class DashboardBuildError extends Error {
  override readonly name = 'DashboardBuildError';
  constructor(
    readonly code: DashboardBuildErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface DashboardBuild {
  distDir: string;
  /** True when this call ran Vite; false when the existing build was current. */
  built: boolean;
  /** The built JavaScript and CSS, gzipped, in bytes. */
  gzipBytes: number;
}

/** The newest modification time (ms) of the files under `path`; 0 when there is none. */
function newestMtime(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why the build in `dashboardDir/dist` is not current, or null when it is. */
export function staleReason(dashboardDir: string = DASHBOARD_DIR): string | null {
  const builtAt = newestMtime(join(dashboardDir, 'dist', 'index.html'));
  if (builtAt === 0) return 'not built yet';
  const changedAt = Math.max(...SOURCES.map((source) => newestMtime(join(dashboardDir, source))));
  return changedAt > builtAt ? 'its sources changed since the last build' : null;
}

/** The gzipped size in bytes of the JavaScript and CSS a build put in `distDir`. */
export function dashboardBundleBytes(distDir: string = DASHBOARD_DIST): number {
  let total = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(js|mjs|css)$/.test(entry.name)) total += gzipSync(readFileSync(path), { level: 9 }).length;
    }
  };
  walk(distDir);
  return total;
}

function viteBin(dashboardDir: string): string {
  try {
    const require = createRequire(join(dashboardDir, 'package.json'));
    return join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  } catch (cause) {
    throw new DashboardBuildError('VITE_MISSING', `cannot find Vite from ${dashboardDir}: run \`pnpm install\` (the dashboard's devDependencies include it)`, { cause });
  }
}

/** Runs `vite build` in `dashboardDir`; resolves when it succeeded, with its output in the error otherwise. */
function runViteBuild(dashboardDir: string): Promise<void> {
  const bin = viteBin(dashboardDir);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'build', '--logLevel', 'warn'], { cwd: dashboardDir, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (cause) => reject(new DashboardBuildError('BUILD_FAILED', `could not run vite build: ${cause.message}`, { cause })));
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new DashboardBuildError('BUILD_FAILED', `vite build exited with ${signal ?? code}:\n${output.trim().slice(-4000)}`));
    });
  });
}

/**
 * Builds the dashboard when it is missing or stale (or always with `force`), logging a progress
 * line through `log`, and checks the bundle's budget. Throws DashboardBuildError (BUILD_FAILED,
 * OVER_BUDGET, VITE_MISSING).
 */
export async function ensureDashboardBuilt(options: { log?: (line: string) => void; force?: boolean; dashboardDir?: string } = {}): Promise<DashboardBuild> {
  const dashboardDir = options.dashboardDir ?? DASHBOARD_DIR;
  const distDir = join(dashboardDir, 'dist');
  const reason = options.force ? 'a build was asked for' : staleReason(dashboardDir);
  if (reason === null) return { distDir, built: false, gzipBytes: dashboardBundleBytes(distDir) };
  options.log?.(`building the dashboard (${reason})…`);
  const started = Date.now();
  await runViteBuild(dashboardDir);
  const gzipBytes = dashboardBundleBytes(distDir);
  if (gzipBytes > DASHBOARD_BUDGET_BYTES) {
    throw new DashboardBuildError('OVER_BUDGET', `the dashboard's JavaScript and CSS are ${(gzipBytes / 1024).toFixed(1)} KB gzipped, over the budget of ${DASHBOARD_BUDGET_BYTES / 1024} KB: find what grew (vite build's output lists each chunk)`);
  }
  options.log?.(`dashboard built in ${((Date.now() - started) / 1000).toFixed(1)} s (${(gzipBytes / 1024).toFixed(1)} KB gzipped)`);
  return { distDir, built: true, gzipBytes };
}
