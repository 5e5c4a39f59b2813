import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/** The repository's `schema/` folder: one SDL file per subgraph, the single source of truth. */
export const schemaDir = join(import.meta.dirname, '..', '..', '..', 'schema');

/** Reads `schema/<name>.graphql` (a subgraph's SDL) as text. */
export function readSchemaFile(name: string): string {
  return readFileSync(join(schemaDir, `${name}.graphql`), 'utf8');
}

/** Reads and parses `schema/<name>.graphql`. */
export function loadSubgraphTypeDefs(name: string): DocumentNode {
  return parse(readSchemaFile(name));
}
