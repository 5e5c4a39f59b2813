import type { GraphQLResolveInfo } from 'graphql';

/**
 * Where a field's entity came from in the request, for errors about its untyped JSON: the
 * representation's place in `_entities(representations:)` (`representations[3]`, then `.field`).
 */
export function representationPath(info: GraphQLResolveInfo, field?: string): string {
  const index = info.path.prev?.key;
  const base = typeof index === 'number' ? `representations[${index}]` : 'representation';
  return field ? `${base}.${field}` : base;
}
