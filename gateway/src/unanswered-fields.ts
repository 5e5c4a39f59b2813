/**
 * When a subgraph gives no answer (down, timed out, a 5xx without a GraphQL body), the fields
 * it was asked for come back null. The failure is reported where each of them would have been,
 * so a client of a composed query (a channel with its engagement, growth and health) reads which
 * parts are missing and why from the errors' `path`, as it would for a field whose resolver
 * failed, instead of one error that names the subgraph and no field.
 */
import type { GraphQLFormattedError } from 'graphql';
import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** A field one subgraph fetch asks for: where it sits in the fetch's answer and what it is. */
interface AskedField {
  /** Its response key (alias or name). */
  key: string;
  /** `Channel.growthForecast`, `Query.channel`: the part a client misses. */
  coordinate: string;
}

/**
 * One error per field the fetch would have filled, each with the path of that field in the
 * fetch's own answer (`_entities.<i>.<key>` per representation of an entity fetch, `<key>` for a
 * root fetch), which the gateway rewrites to the field's place in the client's response. The
 * message names the field, then the failure; `extensions` are the failure's (its code and
 * `serviceName`). Empty when the fetch asks for nothing but `__typename`.
 */
export function unansweredFieldErrors(
  fetch: { query?: string; document?: DocumentNode; variables?: Record<string, unknown> },
  failure: { message: string; extensions: Record<string, unknown> },
): GraphQLFormattedError[] {
  const document = fetch.document ?? (fetch.query ? parse(fetch.query) : undefined);
  const operation = document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!document || !operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const rootType = operation.operation === 'mutation' ? 'Mutation' : operation.operation === 'subscription' ? 'Subscription' : 'Query';
  const roots = askedFields(operation.selectionSet, rootType, fragments);
  const entities = roots.length === 1 && roots[0]!.key === '_entities' ? entitySelection(operation.selectionSet, fragments) : undefined;
  const representations = Array.isArray(fetch.variables?.representations) ? fetch.variables.representations : [];

  const placed = (field: AskedField, path: (string | number)[]): GraphQLFormattedError => ({
    message: `${field.coordinate} is missing: ${failure.message}`,
    path,
    extensions: failure.extensions,
  });
  if (!entities) return roots.map((field) => placed(field, [field.key]));
  return representations.flatMap((_, i) => entities.map((field) => placed(field, ['_entities', i, field.key])));
}

/** The fields selected under `_entities` (inside its `... on Type` fragments), each once. */
function entitySelection(selectionSet: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): AskedField[] | undefined {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD && selection.name.value === '_entities' && selection.selectionSet) {
      return askedFields(selection.selectionSet, '_Entity', fragments);
    }
  }
  return undefined;
}

/** The response keys a selection set asks for (through fragments, typed by their conditions), `__typename` left out, each once. */
function askedFields(selectionSet: SelectionSetNode, typeName: string, fragments: ReadonlyMap<string, FragmentDefinitionNode>): AskedField[] {
  const found = new Map<string, AskedField>();
  const visit = (set: SelectionSetNode, type: string) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (selection.name.value !== '__typename' && !found.has(key)) found.set(key, { key, coordinate: `${type}.${selection.name.value}` });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, selection.typeCondition?.name.value ?? type);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet, fragment.typeCondition.name.value);
      }
    }
  };
  visit(selectionSet, typeName);
  return [...found.values()];
}
