import { Kind, type SelectionSetNode, type ValidationContext, type ASTVisitor } from 'graphql';

/**
 * A validation rule (graphql-armor's shape, which has none for this): reports each operation
 * with more than `max` root fields, counting the fields that fragments and inline fragments put
 * at the root, every use of a fragment counted.
 */
export function maxRootFieldsRule(max: number, onReject: (context: ValidationContext, found: number) => void) {
  return (context: ValidationContext): ASTVisitor => {
    // Per fragment, counted once: a fragment spread many times, or spreading others, costs no more to count.
    const perFragment = new Map<string, number>();
    const count = (selectionSet: SelectionSetNode): number =>
      selectionSet.selections.reduce((sum, selection) => {
        if (selection.kind === Kind.FIELD) return sum + 1;
        if (selection.kind === Kind.INLINE_FRAGMENT) return sum + count(selection.selectionSet);
        const name = selection.name.value;
        if (!perFragment.has(name)) {
          // A cycle is already refused by validation; the placeholder keeps a malformed one from recursing.
          perFragment.set(name, 0);
          const fragment = context.getFragment(name);
          perFragment.set(name, fragment ? count(fragment.selectionSet) : 0);
        }
        return sum + perFragment.get(name)!;
      }, 0);
    return {
      OperationDefinition(operation) {
        const found = count(operation.selectionSet);
        if (found > max) onReject(context, found);
      },
    };
  };
}
