import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, parse } from 'graphql';
import { listenGraphQL } from '@telepulse/platform/graphql-http-server';
import { gatewayProofAdmission } from '@telepulse/platform/request-admission';
import type { RequestScope } from '@telepulse/platform/request-scope';

const NOTES_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Note @key(fields: "id") { id: ID! text: String! "Who the subgraph answered this for: subject and scopes." readBy: String! }
  type Query { note(id: ID!): Note }
  type Mutation { touchNote(id: ID!): Note! }
`;

/**
 * The `notes` subgraph of the deduplication tests, behind the gateway proof: `note(id)` answers
 * with who it was read for (`readBy`), and fails with SERVICE_UNAVAILABLE while `failing` is set;
 * `touchNote` counts its calls. Records the caller of every operation it executes.
 */
export async function startNotesSubgraph(secret: string) {
  const state = { failing: false, touches: 0, readFor: [] as string[] };
  const callerOf = (scope: RequestScope) => (scope.identity ? `${scope.identity.subject} [${[...scope.identity.scopes].sort().join(' ')}]` : 'anonymous');
  const schema = buildSubgraphSchema([{
    typeDefs: parse(NOTES_SDL),
    resolvers: {
      Query: {
        note: (_: unknown, { id }: { id: string }, scope: RequestScope) => {
          state.readFor.push(callerOf(scope));
          if (state.failing) throw new GraphQLError('the note store failed', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
          return { id, text: `note ${id}`, readBy: callerOf(scope) };
        },
      },
      Mutation: { touchNote: (_: unknown, { id }: { id: string }, scope: RequestScope) => ({ id, text: `touched ${(state.touches += 1)}`, readBy: callerOf(scope) }) },
    } as never,
  }]);
  const server = await listenGraphQL(
    {
      service: 'notes',
      apollo: { schema, plugins: [ApolloServerPluginInlineTraceDisabled()] },
      admit: gatewayProofAdmission(secret, 'notes'),
      context: (scope: RequestScope) => scope,
      health: async () => ({ status: 'UP' as const }),
    },
    0,
  );
  return { server, state };
}

/** The notes subgraph composed for real, routed to `url`. */
export function composeNotes(url: string): string {
  const result = composeServices([{ name: 'notes', typeDefs: parse(NOTES_SDL), url }]);
  if (result.errors) throw new Error(`the fixture does not compose: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}
