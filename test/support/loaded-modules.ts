import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface LoadedModules {
  /** ES module URLs the imports resolved to, and the files CommonJS `require` loaded, as file URLs. */
  modules: string[];
  /** The child's exit code and what it printed on stderr. */
  status: number | null;
  stderr: string;
}

/**
 * Every module a fresh Node process loads when it imports `entry` through tsx (as the services
 * run). Spawns that process with `env` added to this one's; it imports `entry` and nothing else,
 * and the list is taken when it exits, also when `entry` ends it with process.exit.
 */
export function modulesLoadedBy(entry: string, env: Record<string, string> = {}): LoadedModules {
  const dir = mkdtempSync(join(tmpdir(), 'loaded-modules-'));
  const imports = join(dir, 'imports.txt');
  const required = join(dir, 'required.json');
  try {
    const script = [
      `import { createRequire } from 'node:module';`,
      `import { writeFileSync } from 'node:fs';`,
      `process.on('exit', () => writeFileSync(${JSON.stringify(required)}, JSON.stringify(Object.keys(createRequire(process.cwd() + '/').cache))));`,
      `await import(${JSON.stringify(pathToFileURL(entry).href)});`,
    ].join('\n');
    const recorder = pathToFileURL(join(import.meta.dirname, 'record-imports.mjs')).href;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--import', recorder, '--input-type=module', '-e', script], {
      env: { ...process.env, ...env, RECORD_IMPORTS_FILE: imports },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const esm = readFileSync(imports, 'utf8').split('\n').filter(Boolean);
    const cjs = (JSON.parse(readFileSync(required, 'utf8')) as string[]).map((path) => pathToFileURL(path).href);
    return { modules: [...new Set([...esm, ...cjs])], status: child.status, stderr: child.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
