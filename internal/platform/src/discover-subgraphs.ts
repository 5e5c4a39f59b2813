import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { manifestParents } from './repo-layout.js';
import type { SubgraphManifest } from './subgraph-manifest.js';

/**
 * Every subgraph of the supergraph, from the `subgraph.ts` manifests found under `subgraphs/*`
 * and `gateway/src/*`, sorted by name. Imports the manifests only, none of their runtime code.
 * Throws when a manifest's name is not its folder's, or two manifests claim one name or port.
 */
export async function discoverSubgraphs(parents: readonly string[] = manifestParents): Promise<SubgraphManifest[]> {
  const files = parents.flatMap((dir) => {
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => ({ folder: entry.name, file: join(dir, entry.name, 'subgraph.ts') }))
      .filter(({ file }) => existsSync(file));
  });
  // One at a time: codegen loads these through jiti, which hands a module still being evaluated
  // to a second concurrent import of it.
  const manifests: SubgraphManifest[] = [];
  for (const { folder, file } of files) {
    const manifest = ((await import(pathToFileURL(file).href)) as { default?: SubgraphManifest }).default;
    if (!manifest?.kind) throw new Error(`${file} must \`export default defineSubgraph({...})\``);
    if (manifest.name !== folder) throw new Error(`${file} defines subgraph "${manifest.name}"; name it after its folder, "${folder}"`);
    manifests.push(manifest);
  }
  for (const key of ['name', 'port'] as const) {
    const services = key === 'port' ? manifests.filter((m) => m.kind === 'service') : manifests;
    const seen = new Map<unknown, string>();
    for (const m of services) {
      const other = seen.get(m[key]);
      if (other) throw new Error(`subgraphs "${other}" and "${m.name}" both use ${key} ${m[key]}`);
      seen.set(m[key], m.name);
    }
  }
  return manifests.sort((a, b) => a.name.localeCompare(b.name));
}
