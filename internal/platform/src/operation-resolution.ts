import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, GraphQLError, type DocumentNode } from 'graphql';

/**
 * Answers 400 OPERATION_RESOLUTION_FAILURE when the document has no operation to run: an
 * `operationName` it does not contain, or several operations and no name. Apollo Server does
 * so for a schema, but with a gateway the gateway's executor is the one that notices, and its
 * error becomes a 500; checking here, before execution, gives both the same answer.
 */
export function operationResolutionPlugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation) return;
          throw new GraphQLError(unresolvedReason(document, request.operationName), {
            extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
          });
        },
      };
    },
  };
}

/** Why no operation was picked, in graphql-js's own words. */
function unresolvedReason(document: DocumentNode, operationName: string | undefined): string {
  if (operationName) return `Unknown operation named "${operationName.slice(0, 100)}".`;
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  return operations === 0 ? 'Must provide an operation.' : 'Must provide operation name if query contains multiple operations.';
}
