import {
  defaultFieldResolver,
  Kind,
  type ConstDirectiveNode,
  type ConstValueNode,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import type { Identity } from './identity.js';
import { requestScopeOf } from './request-scope.js';

/**
 * Federation's access directives, enforced where they are declared: in the subgraph that owns
 * the field. `@authenticated` needs an identity; `@requiresScopes(scopes: [["a", "b"], ["c"]])`
 * needs every scope of at least one inner list (a and b, or c). On a type they guard each of
 * its fields; a type's and a field's rules must both hold. The gateway only verifies the token
 * and passes the identity on (in its signed proof); it enforces none of this.
 */
interface AccessRule {
  authenticated: boolean;
  /** One entry per @requiresScopes met: each a list of alternatives, each alternative a list of scopes. */
  scopes: string[][][];
}

const SPEC_DIRECTIVES = ['authenticated', 'requiresScopes', 'policy'] as const;
type SpecDirective = (typeof SPEC_DIRECTIVES)[number];

/**
 * Wraps the resolvers of every field the SDL guards with @authenticated or @requiresScopes (on
 * the field or its object type) so that, before the resolver runs, a missing identity fails with
 * UNAUTHENTICATED and a missing scope with FORBIDDEN naming it. Mutates and returns `schema`.
 * Throws at build time for a use it does not enforce (@policy, or these directives on an
 * interface, scalar or enum), so a rule is never silently left open.
 */
export function enforceAuthDirectives(schema: GraphQLSchema, typeDefs: DocumentNode): GraphQLSchema {
  const names = federationDirectiveNames(typeDefs);
  const ruleOf = (directives: readonly ConstDirectiveNode[] | undefined, where: string): AccessRule => {
    const rule: AccessRule = { authenticated: false, scopes: [] };
    for (const directive of directives ?? []) {
      const spec = names.get(directive.name.value);
      if (spec === 'authenticated') rule.authenticated = true;
      else if (spec === 'requiresScopes') rule.scopes.push(scopesArgument(directive, where));
      else if (spec === 'policy') throw new Error(`@${directive.name.value} on ${where} is not enforced by the subgraph kit; use @requiresScopes`);
    }
    return rule;
  };

  const typeRules = new Map<string, AccessRule>();
  const fieldRules = new Map<string, AccessRule>();
  for (const definition of typeDefs.definitions) {
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION: {
        const type = definition.name.value;
        typeRules.set(type, merge(typeRules.get(type), ruleOf(definition.directives, type)));
        for (const field of definition.fields ?? []) {
          const key = `${type}.${field.name.value}`;
          fieldRules.set(key, merge(fieldRules.get(key), ruleOf(field.directives, key)));
        }
        break;
      }
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION:
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.SCALAR_TYPE_EXTENSION:
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION: {
        const all = [...(definition.directives ?? []), ...('fields' in definition ? (definition.fields ?? []).flatMap((f) => f.directives ?? []) : [])];
        const guarded = all.find((d) => names.has(d.name.value));
        if (guarded) {
          throw new Error(`@${guarded.name.value} on ${definition.name.value} (${definition.kind}) is not enforced by the subgraph kit: put it on the object types or their fields`);
        }
        break;
      }
      default:
        break;
    }
  }

  // Only object types reach here (the rules come from their definitions). Looked up by name, not
  // checked with graphql's isObjectType: @apollo/subgraph builds the schema with graphql's CommonJS
  // build, which this ES module's instanceof checks would not recognise.
  for (const typeName of new Set([...typeRules.keys(), ...[...fieldRules.keys()].map((key) => key.split('.')[0]!)])) {
    const type = schema.getType(typeName) as GraphQLObjectType | undefined;
    for (const field of Object.values(type?.getFields() ?? {})) {
      const coordinate = `${typeName}.${field.name}`;
      const rule = merge(typeRules.get(typeName), fieldRules.get(coordinate));
      if (!rule.authenticated && rule.scopes.length === 0) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        checkAccess(rule, coordinate, requestScopeOf(context)?.identity ?? null);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

/** Throws UNAUTHENTICATED or FORBIDDEN when `identity` does not satisfy `rule`. */
function checkAccess(rule: AccessRule, coordinate: string, identity: Identity | null): void {
  const requiredScopes = rule.scopes;
  if (!identity) {
    const needs = requiredScopes.length > 0 ? ` with ${describeScopes(requiredScopes)}` : '';
    throw new UnauthenticatedError(`${coordinate} needs credentials: send \`Authorization: Bearer <token>\`${needs}`, {
      field: coordinate,
      ...(requiredScopes.length > 0 ? { requiredScopes: requiredScopes.flat() } : {}),
    });
  }
  const granted = new Set(identity.scopes);
  const unmet = requiredScopes.filter((alternatives) => !alternatives.some((all) => all.every((s) => granted.has(s))));
  if (unmet.length === 0) return;
  // Name the scopes of the alternative closest to being met, per unmet rule.
  const missingScopes = [
    ...new Set(
      unmet.flatMap((alternatives) =>
        alternatives.map((all) => all.filter((s) => !granted.has(s))).reduce((best, missing) => (missing.length < best.length ? missing : best)),
      ),
    ),
  ];
  const has = identity.scopes.length > 0 ? identity.scopes.map((s) => `"${s}"`).join(', ') : 'none';
  throw new ForbiddenError(`${coordinate} needs ${describeScopes(unmet)}; the token of "${identity.subject}" has ${has}`, {
    field: coordinate,
    requiredScopes: unmet.flat(),
    missingScopes,
  });
}

/** `scope "ingest"`, `scopes "a" and "b", or "c"`. */
function describeScopes(rules: string[][][]): string {
  const words = rules.map((alternatives) => alternatives.map((all) => all.map((s) => `"${s}"`).join(' and ')).join(', or '));
  const count = rules.flat(2).length;
  return `${count === 1 ? 'scope' : 'scopes'} ${words.join('; and ')}`;
}

function merge(a: AccessRule | undefined, b: AccessRule | undefined): AccessRule {
  return { authenticated: Boolean(a?.authenticated || b?.authenticated), scopes: [...(a?.scopes ?? []), ...(b?.scopes ?? [])] };
}

function scopesArgument(directive: ConstDirectiveNode, where: string): string[][] {
  const value = directive.arguments?.find((a) => a.name.value === 'scopes')?.value;
  const fail = () => new Error(`@${directive.name.value} on ${where}: scopes must be a list of lists of strings, e.g. [["ingest"]]`);
  const list = (node: ConstValueNode | undefined) => {
    if (node?.kind !== Kind.LIST) throw fail();
    return node.values;
  };
  const alternatives = list(value).map((inner) =>
    list(inner).map((scope) => {
      if (scope.kind !== Kind.STRING) throw fail();
      return scope.value;
    }),
  );
  if (alternatives.length === 0 || alternatives.some((a) => a.length === 0)) throw fail();
  return alternatives;
}

/**
 * The names the SDL uses for Federation's access directives: as imported through the
 * federation `@link` (`"@requiresScopes"`, or `{ name: "@requiresScopes", as: "@scopes" }`),
 * else namespaced (`@federation__requiresScopes`, or the link's `as:` prefix).
 */
function federationDirectiveNames(typeDefs: DocumentNode): Map<string, SpecDirective> {
  const names = new Map<string, SpecDirective>();
  const links = typeDefs.definitions.flatMap((d) =>
    d.kind === Kind.SCHEMA_DEFINITION || d.kind === Kind.SCHEMA_EXTENSION ? (d.directives ?? []).filter((x) => x.name.value === 'link') : [],
  );
  const argument = (node: { arguments?: readonly { name: { value: string }; value: ConstValueNode }[] | undefined }, name: string) =>
    node.arguments?.find((a) => a.name.value === name)?.value;
  for (const link of links) {
    const url = argument(link, 'url');
    if (url?.kind !== Kind.STRING || !/specs\.apollo\.dev\/federation\//.test(url.value)) continue;
    const as = argument(link, 'as');
    const prefix = as?.kind === Kind.STRING ? as.value.replace(/^@/, '') : 'federation';
    const imported = new Map<string, string>();
    const imports = argument(link, 'import');
    for (const item of imports?.kind === Kind.LIST ? imports.values : []) {
      if (item.kind === Kind.STRING) imported.set(item.value.replace(/^@/, ''), item.value.replace(/^@/, ''));
      if (item.kind === Kind.OBJECT) {
        const field = (name: string) => item.fields.find((f) => f.name.value === name)?.value;
        const name = field('name');
        const alias = field('as');
        if (name?.kind === Kind.STRING) imported.set(name.value.replace(/^@/, ''), (alias?.kind === Kind.STRING ? alias : name).value.replace(/^@/, ''));
      }
    }
    for (const spec of SPEC_DIRECTIVES) names.set(imported.get(spec) ?? `${prefix}__${spec}`, spec);
  }
  return names;
}
