import { parse, print, visit, Kind, type ConstValueNode } from 'graphql';
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

/** The access features the subgraphs enforce themselves (internal/platform auth-directives.ts). */
const ENFORCED_BY_SUBGRAPHS = [/^https:\/\/specs\.apollo\.dev\/authenticated\//, /^https:\/\/specs\.apollo\.dev\/requiresScopes\//];

/**
 * The supergraph as @apollo/gateway is to load it. Composition links `@authenticated` and
 * `@requiresScopes` `for: SECURITY`, and @apollo/gateway refuses any SECURITY feature it does
 * not enforce itself (rightly: a router that ignored them would leave fields open). Here each
 * subgraph enforces them on its own fields, from its own SDL, so the gateway gets those two
 * links without the `for:`, as plain metadata. Any other SECURITY feature (`@policy`) is left
 * as is, and still refused.
 */
export function supergraphForGateway(supergraphSdl: string): string {
  const document = parse(supergraphSdl);
  return print(
    visit(document, {
      Directive(node) {
        if (node.name.value !== 'link') return undefined;
        const url = stringValue(node.arguments?.find((a) => a.name.value === 'url')?.value as ConstValueNode | undefined);
        if (!url || !ENFORCED_BY_SUBGRAPHS.some((re) => re.test(url))) return undefined;
        return { ...node, arguments: node.arguments?.filter((a) => a.name.value !== 'for') };
      },
    }),
  );
}
