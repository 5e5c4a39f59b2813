import { parse, Kind, type ConstValueNode } from 'graphql';
import type { SubgraphEndpoint } from '@telepulse/platform/subgraph-manifest';

/**
 * The subgraphs a composed supergraph routes to, read from its `join__Graph` enum
 * (`@join__graph(name:, url:)` on each value), so the gateway can serve any supergraph file.
 */
export function subgraphsOf(supergraphSdl: string): SubgraphEndpoint[] {
  const document = parse(supergraphSdl);
  const graphs = document.definitions.find((d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph');
  if (!graphs || graphs.kind !== Kind.ENUM_TYPE_DEFINITION) throw new Error('not a supergraph: it has no join__Graph enum');
  return (graphs.values ?? []).map((value) => {
    const directive = value.directives?.find((d) => d.name.value === 'join__graph');
    const arg = (name: string) => stringValue(directive?.arguments?.find((a) => a.name.value === name)?.value);
    const name = arg('name');
    if (!name) throw new Error(`join__Graph.${value.name.value} has no @join__graph(name:)`);
    return { name, url: arg('url') ?? '' };
  });
}

function stringValue(node: ConstValueNode | undefined): string | undefined {
  return node?.kind === Kind.STRING ? node.value : undefined;
}
