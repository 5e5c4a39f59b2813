import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { Kind, parse, type GraphQLScalarType } from 'graphql';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { enforceAuthDirectives } from './auth-directives.js';

/** Scalars every subgraph shares, so a `DateTime` means the same thing in each. */
export const sharedScalars: Readonly<Record<string, GraphQLScalarType>> = { DateTime: DateTimeResolver, Date: DateResolver };

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
