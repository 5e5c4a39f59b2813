import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, validate, type DocumentNode, type GraphQLSchema, type ValidationContext, type ValidationRule } from 'graphql';
import { maxRootFieldsRule } from './root-fields-rule.js';

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

/** A refused operation: 400, coded as Apollo Router codes its operation limits (MAX_DEPTH_LIMIT …), with the limit. */
function limitError(code: string, message: string, limit: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, limit, http: { status: 400 } } });
}

/** graphql-armor's rules report through onReject; its messages start with a misleading "Syntax Error: ". */
const reporting = (code: string, limit: number) => ({
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(limitError(code, error.message.replace(/^Syntax Error: /, ''), limit))],
});

/** graphql-js's message when a document has more tokens than `maxTokens` (it has been spelt "more that"). */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more th(?:an|at) \d+ tokens/;

/**
 * The gateway's operation limits, checked once the operation is known and before it is planned,
 * so a refused operation calls no subgraph: depth, aliases, root fields, directives and cost
 * (graphql-armor's rules, run here rather than as validation rules because Apollo recodes
 * every validation error GRAPHQL_VALIDATION_FAILED), and tokens, counted by graphql-js's parser
 * itself (`parseOptions` below), which stops at the limit. `check` and `tokenLimitError` apply the
 * same limits where Apollo Server's plugins do not run (subscriptions over WebSocket).
 */
export function operationLimits<Context extends BaseContext>(limits: OperationLimits) {
  const rules: ValidationRule[] = [
    maxDepthRule({ n: limits.maxDepth, ...reporting('MAX_DEPTH_LIMIT', limits.maxDepth) }),
    maxAliasesRule({ n: limits.maxAliases, ...reporting('MAX_ALIASES_LIMIT', limits.maxAliases) }),
    maxRootFieldsRule(limits.maxRootFields, (context, found) =>
      context.reportError(limitError('MAX_ROOT_FIELDS_LIMIT', `Root fields limit of ${limits.maxRootFields} exceeded, found ${found}.`, limits.maxRootFields)),
    ),
    maxDirectivesRule({ n: limits.maxDirectives, ...reporting('MAX_DIRECTIVES_LIMIT', limits.maxDirectives) }),
    costLimitRule({ maxCost: limits.maxCost, ...reporting('COST_ESTIMATED_TOO_EXPENSIVE', limits.maxCost) }),
  ];
  /**
   * Documents known to keep every limit, by schema. Apollo Server hands each request of a query it
   * has seen the same parsed DocumentNode (its document cache), and the rules read nothing but the
   * schema and the document (no variables), so a document that kept the limits keeps them: the
   * rules' full walk of the document ran on every request and was 8 % of the gateway's CPU on the
   * two-subgraph read (BENCHMARKS.md, "Per-request CPU"). A refused document is checked again each
   * time (its error is built fresh); a new schema (a supergraph update) starts over.
   */
  const kept = new WeakMap<GraphQLSchema, WeakSet<DocumentNode>>();
  /** The first limit `document` breaks; undefined when it keeps them all. */
  const check = (schema: GraphQLSchema, document: DocumentNode): GraphQLError | undefined => {
    let documents = kept.get(schema);
    if (documents?.has(document)) return undefined;
    const refused = validate(schema, document, rules)[0];
    if (!refused) {
      if (!documents) kept.set(schema, (documents = new WeakSet()));
      documents.add(document);
    }
    return refused;
  };
  /** Whether a parse error is the token limit's: graphql-js reports it as a syntax error. */
  const isTokenLimit = (error: GraphQLError) => TOO_MANY_TOKENS.test(error.message);
  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document }) {
          const refused = check(schema, document);
          if (refused) throw refused;
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (error.extensions.code === 'GRAPHQL_PARSE_FAILED' && isTokenLimit(error)) {
              Object.assign(error.extensions as Record<string, unknown>, { code: 'MAX_TOKENS_LIMIT', limit: limits.maxTokens });
            }
          }
        },
      };
    },
  };
  /** A parse error as the client gets it: MAX_TOKENS_LIMIT for the token limit, GRAPHQL_PARSE_FAILED otherwise. */
  const parseError = (error: GraphQLError) =>
    isTokenLimit(error)
      ? limitError('MAX_TOKENS_LIMIT', error.message.replace(/^Syntax Error: /, ''), limits.maxTokens)
      : new GraphQLError(error.message, { source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  return { plugin, parseOptions: { maxLexicalTokens: limits.maxTokens }, check, parseError };
}
