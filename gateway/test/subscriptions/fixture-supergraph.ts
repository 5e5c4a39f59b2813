import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

/**
 * Two subgraphs for the subscription tests: `alerts` serves `Subscription.alerts` (an entity
 * that points at an Item), `items` owns Item's fields; a client's subscription asks for both, so
 * its plan opens the subscription on alerts and fetches each event's item from items.
 */
export const ALERTS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Alert @key(fields: "id") { id: ID! level: Int! note: String item: Item }
  type Item @key(fields: "id", resolvable: false) { id: ID! }
  type Query { alertCount: Int! }
  type Subscription { alerts(minLevel: Int): Alert! }
`;

export const ITEMS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Item @key(fields: "id") { id: ID! name: String! owner: String }
  type Query { item(id: ID!): Item }
`;

/** The two subgraphs composed for real (@apollo/composition), routed to `urls` by name. */
export function composeFixture(urls: { alerts: string; items: string }): string {
  const result = composeServices([
    { name: 'alerts', typeDefs: parse(ALERTS_SDL), url: urls.alerts },
    { name: 'items', typeDefs: parse(ITEMS_SDL), url: urls.items },
  ]);
  if (result.errors) throw new Error(`the fixture does not compose: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}
