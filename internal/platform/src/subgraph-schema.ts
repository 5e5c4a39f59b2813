import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { GraphQLError, GraphQLScalarType, Kind, parse, print, type ValueNode } from 'graphql';
import { DateResolver, DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { enforceAuthDirectives } from './auth-directives.js';
import { boundValue, formatValue } from './errors.js';

/**
 * A scalar whose input errors say what was expected and what came, coded BAD_USER_INPUT with the
 * value; the request pipeline (input-error-fields.ts) puts the field's path in front.
 */
function withInputErrors(scalar: GraphQLScalarType, expected: string): GraphQLScalarType {
  const config = scalar.toConfig();
  const reject = (value: unknown, node?: ValueNode) =>
    new GraphQLError(`must be ${expected}, got ${formatValue(value)}`, { nodes: node, extensions: { code: 'BAD_USER_INPUT', value: boundValue(value) } });
  return new GraphQLScalarType({
    ...config,
    parseValue(value) {
      try {
        return config.parseValue(value);
      } catch {
        throw reject(value);
      }
    },
    parseLiteral(node, variables) {
      try {
        return config.parseLiteral(node, variables);
      } catch {
        throw reject(node.kind === Kind.STRING ? node.value : print(node), node);
      }
    },
  });
}

/** Scalars every subgraph shares, so a `DateTime` means the same thing in each. */
export const sharedScalars: Readonly<Record<string, GraphQLScalarType>> = {
  DateTime: withInputErrors(DateTimeResolver, 'an ISO-8601 date-time with a time zone, such as 2024-05-01T12:00:00Z'),
  Date: withInputErrors(DateResolver, 'a calendar day as YYYY-MM-DD, such as 2024-05-01'),
  JSON: JSONResolver,
};

/**
 * A subgraph's executable federation schema from its SDL and resolvers. Each shared scalar the
 * SDL declares (`scalar DateTime`) is served by its shared resolver unless `resolvers` has one.
 * Fields the SDL guards with `@authenticated` / `@requiresScopes` check the request's identity
 * before their resolver runs (auth-directives.ts).
 */
export function buildSchemaFromSdl(sdl: string, resolvers: Readonly<Record<string, unknown>>) {
  const typeDefs = parse(sdl);
  const scalars = typeDefs.definitions.flatMap((d) =>
    d.kind === Kind.SCALAR_TYPE_DEFINITION && sharedScalars[d.name.value] ? [[d.name.value, sharedScalars[d.name.value]!] as const] : [],
  );
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: { ...Object.fromEntries(scalars), ...resolvers } as GraphQLResolverMap }]);
  return enforceAuthDirectives(schema, typeDefs);
}
