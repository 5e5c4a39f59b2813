/**
 * Composes schema/<name>.graphql (one per subgraph) into schema/supergraph.graphql with
 * @apollo/composition. Composition errors fail. `--check` only verifies the committed
 * supergraph is what composition produces now.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { composeSubgraphs, supergraphPath } from '../gateway/src/composition.js';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });

const result = composeSubgraphs();
if (!result.ok) {
  console.error(`Composition failed:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
  process.exit(1);
}

const current = existsSync(supergraphPath) ? readFileSync(supergraphPath, 'utf8') : '';
if (values.check) {
  if (current !== result.supergraphSdl) {
    console.error(`${supergraphPath} is stale: run \`pnpm compose\` and commit the result.`);
    process.exit(1);
  }
  console.log('supergraph is up to date');
} else {
  writeFileSync(supergraphPath, result.supergraphSdl);
  console.log(`wrote ${join('schema', 'supergraph.graphql')}`);
}
