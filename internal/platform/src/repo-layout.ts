import { join } from 'node:path';

/** The repository's root folder. */
export const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** The composed supergraph, as committed: what `pnpm compose` writes and the gateway serves by default. */
export const supergraphPath = join(repoRoot, 'schema', 'supergraph.graphql');

/** Folders whose sub-folders may hold a subgraph manifest (`<folder>/<name>/subgraph.ts`). */
export const manifestParents = [join(repoRoot, 'subgraphs'), join(repoRoot, 'gateway', 'src')];
