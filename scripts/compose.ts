/**
 * Composes every discovered subgraph's SDL (its manifest's `schema.graphql`) into
 * schema/supergraph.graphql with @apollo/composition. Composition errors fail. `--check` only
 * verifies the committed supergraph is what composition produces now.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverSubgraphs } from '@telepulse/platform/discover-subgraphs';
import { repoRoot, supergraphPath } from '@telepulse/platform/repo-layout';
import { composeSupergraph } from './composition.js';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });

const subgraphs = await discoverSubgraphs();
const result = composeSupergraph(subgraphs);
if (!result.ok) {
  console.error(`Composition failed:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
  process.exit(1);
}

const file = relative(repoRoot, supergraphPath);
const current = existsSync(supergraphPath) ? readFileSync(supergraphPath, 'utf8') : '';
if (values.check) {
  if (current !== result.supergraphSdl) {
    console.error(`${file} is stale: run \`pnpm compose\` and commit the result.`);
    process.exit(1);
  }
  console.log(`supergraph is up to date (${subgraphs.map((s) => s.name).join(', ')})`);
} else {
  writeFileSync(supergraphPath, result.supergraphSdl);
  console.log(`wrote ${file} from ${subgraphs.map((s) => s.name).join(', ')}`);
}
