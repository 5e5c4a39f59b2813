import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Arbitraries generated from the supergraph's own types: for every root field, an operation
 * document with its arguments as variables, and values for those variables that mix the
 * plausible (ids of seeded channels, valid dates) with the hostile (extremes, wrong formats,
 * impossible dates, huge and exotic strings, empty and long lists).
 */

export interface FuzzOperation {
  kind: 'query' | 'mutation';
  field: string;
  document: string;
  variables: fc.Arbitrary<Record<string, unknown>>;
}

/** Scalars by name; custom scalars of the supergraph are listed so a new one fails loudly here. */
function scalar(name: string, ids: readonly string[]): fc.Arbitrary<unknown> {
  const text = fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'a/b', '$where', '{"$gt":""}', '\u0000', 'x'.repeat(2_000)) },
  );
  switch (name) {
    case 'ID':
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids) }, { weight: 2, arbitrary: text });
    case 'String':
      return text;
    case 'Int':
      return fc.oneof(fc.integer({ min: -5, max: 100 }), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31)), fc.integer());
    case 'Float':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e308, -1e308, 5e-324));
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.oneof(
        { weight: 3, arbitrary: fc.date({ min: new Date('2013-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
        { weight: 1, arbitrary: fc.constantFrom('2026-02-30T10:00:00Z', 'not a date', '', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2024-06-01') },
      );
    case 'Date':
      return fc.oneof(
        { weight: 3, arbitrary: fc.date({ min: new Date('2013-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
        { weight: 1, arbitrary: fc.constantFrom('2026-02-30', 'yesterday', '', '2024-06-01T00:00:00Z') },
      );
    case 'JSON':
      // Any JSON value: what a client may put in an adaptation step's result.
      return fc.oneof({ weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, { weight: 1, arbitrary: fc.constantFrom({ $where: '1' }, 'x'.repeat(2_000), [], {}) });
    default:
      throw new Error(`the fuzz suite has no generator for scalar ${name}: add one`);
  }
}

function inputValue(type: GraphQLInputType, ids: readonly string[], depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return inputValue(type.ofType, ids, depth);
  const nullable = (arb: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) return nullable(fc.array(inputValue(type.ofType, ids, depth + 1), { maxLength: depth === 0 ? 6 : 3 }));
  if (isScalarType(type)) return nullable(scalar(type.name, ids));
  if (isEnumType(type)) return nullable(fc.constantFrom(...type.getValues().map((v) => v.name)));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    return nullable(
      fc.record(
        Object.fromEntries(fields.map((f) => [f.name, inputValue(f.type, ids, depth + 1)])),
        // Optional fields may be left out, as clients do.
        { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) },
      ),
    );
  }
  throw new Error(`unexpected input type ${String(type)}`);
}

/** Leaf fields without required arguments, one level into object fields: enough to run every resolver the field returns. */
function selection(type: GraphQLNamedType, depth: number): string {
  if (isLeafType(type)) return '';
  if (!isObjectType(type)) return '{ __typename }';
  const fields = Object.values(type.getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined));
  const parts = fields.flatMap((f) => {
    const named = getNamedType(f.type);
    if (isLeafType(named)) return [f.name];
    return depth < 1 ? [`${f.name} ${selection(named, depth + 1)}`] : [];
  });
  return `{ __typename ${parts.join(' ')} }`;
}

/** One fuzz target per root field of the supergraph's Query and Mutation types. */
export function fuzzOperations(schema: GraphQLSchema, ids: readonly string[]): FuzzOperation[] {
  const roots: ['query' | 'mutation', ReturnType<GraphQLSchema['getQueryType']>][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ];
  return roots.flatMap(([kind, root]) =>
    Object.values(root?.getFields() ?? {}).map((field: GraphQLField<unknown, unknown>) => {
      const definitions = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
      const call = field.args.length > 0 ? `(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
      const document = `${kind} Fuzz${definitions ? `(${definitions})` : ''} { ${field.name}${call} ${selection(getNamedType(field.type), 0)} }`;
      const variables = fc.record(Object.fromEntries(field.args.map((a) => [a.name, inputValue(a.type, ids, 0)])), {
        requiredKeys: field.args.filter((a) => isNonNullType(a.type)).map((a) => a.name),
      });
      return { kind, field: field.name, document, variables };
    }),
  );
}
