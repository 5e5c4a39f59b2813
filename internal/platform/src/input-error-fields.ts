import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { BREAK, GraphQLError, Kind, visit, type ASTNode, type DocumentNode, type ValueNode } from 'graphql';

/**
 * Makes an input value that GraphQL itself rejects (a scalar that does not parse, a variable of
 * the wrong type, a missing input field) a BAD_USER_INPUT naming the field as the domain's own
 * errors do: `extensions.field` is the argument path (`posts[0].postedAt`, whatever the client
 * called its variable), and the message starts with it. graphql-js only says which variable
 * (`$p` at `p[0].postedAt`) or where in the document.
 */
export function inputErrorFieldsPlugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, document }) {
          if (!document) return;
          for (const error of errors) nameInputField(error as GraphQLError, document);
        },
      };
    },
  };
}

/** graphql-js's message for a variable whose value does not coerce: `Variable "$p" got invalid value … at "p[0].postedAt"; reason`. */
const INVALID_VARIABLE = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value /;

/** Rewrites `error` in place when it is an input error: Apollo's `didEncounterErrors` hands the errors that are then formatted. */
export function nameInputField(error: GraphQLError, document: DocumentNode): void {
  const found = locate(error, document);
  if (!found) return;
  const extensions = error.extensions as Record<string, unknown>;
  extensions.code = 'BAD_USER_INPUT';
  extensions.field = found.field;
  // Our scalars (subgraph-schema.ts) say what they expected and what came; graphql-js's own errors say enough after its prefix.
  error.message = `${found.field}: ${found.reason}`;
}

function locate(error: GraphQLError, document: DocumentNode): { field: string; reason: string } | undefined {
  const reason = error.originalError instanceof GraphQLError && error.originalError !== error ? error.originalError.message : undefined;
  const variable = INVALID_VARIABLE.exec(error.message);
  if (variable) {
    const name = variable[1]!;
    // The path graphql-js prints after the variable's name: `[0].postedAt`.
    const inside = new RegExp(` at "${name}((?:\\[\\d+\\]|\\.[_A-Za-z][_0-9A-Za-z]*)*)"; `).exec(error.message);
    const usage = argumentPath(document, (node) => node.kind === Kind.VARIABLE && node.name.value === name) ?? `$${name}`;
    return { field: usage + (inside?.[1] ?? ''), reason: reason ?? error.message.slice(error.message.indexOf('; ') + 2) };
  }
  // A literal in the document that does not parse: graphql-js points at the value node.
  const node = error.nodes?.[0];
  if (node && isValueNode(node)) {
    const field = argumentPath(document, (candidate) => candidate === node);
    if (field) return { field, reason: reason ?? error.message };
  }
  return undefined;
}

/** The argument path (`posts[0].postedAt`) of the first value node in `document` that `matches`. */
function argumentPath(document: DocumentNode, matches: (node: ValueNode) => boolean): string | undefined {
  let found: string | undefined;
  visit(document, {
    Argument(argument) {
      found = within(argument.value, argument.name.value, matches);
      return found === undefined ? undefined : BREAK;
    },
  });
  return found;
}

function within(value: ValueNode, path: string, matches: (node: ValueNode) => boolean): string | undefined {
  if (matches(value)) return path;
  if (value.kind === Kind.LIST) {
    for (const [i, item] of value.values.entries()) {
      const found = within(item, `${path}[${i}]`, matches);
      if (found !== undefined) return found;
    }
  }
  if (value.kind === Kind.OBJECT) {
    for (const field of value.fields) {
      const found = within(field.value, `${path}.${field.name.value}`, matches);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

const VALUE_KINDS: ReadonlySet<string> = new Set([Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.ENUM, Kind.NULL, Kind.LIST, Kind.OBJECT]);

function isValueNode(node: ASTNode): node is ValueNode {
  return VALUE_KINDS.has(node.kind);
}
