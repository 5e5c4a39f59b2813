import { ApolloServer } from '@apollo/server';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationLimits, type OperationLimits } from '../src/limits/operation-limits.js';
import { maxRootFieldsRule } from '../src/limits/root-fields-rule.js';

// A graph with a cycle, so an operation can be as deep as it likes.
const typeDefs = `
  type Channel { id: ID!  title: String  prediction: Prediction }
  type Prediction { id: ID!  rate: Float  channel: Channel }
  type Query { channel(id: ID!): Channel  channels(ids: [ID!]!): [Channel]  ping: String }
`;
const limits: OperationLimits = { maxDepth: 6, maxAliases: 5, maxRootFields: 4, maxDirectives: 3, maxTokens: 1000, maxCost: 60 };

describe('the gateway operation limits', () => {
  let server: ApolloServer;
  let resolved = 0;
  beforeAll(async () => {
    const { plugin, parseOptions } = operationLimits(limits);
    const channel = () => ((resolved += 1), { id: 'c', title: 't', prediction: { id: 'p', rate: 0.1, channel: { id: 'c' } } });
    server = new ApolloServer({ typeDefs, resolvers: { Query: { channel, channels: () => [channel()], ping: () => 'pong' } }, plugins: [plugin], parseOptions });
    await server.start();
  });
  afterAll(() => server.stop());

  async function run(query: string) {
    const before = resolved;
    const response = await server.executeOperation({ query });
    const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
    return { status: response.http.status ?? 200, errors: body?.errors, resolved: resolved - before };
  }

  /** A channel, then `levels` fields alternating prediction and channel, then an id: depth levels + 2. */
  const nested = (levels: number) => {
    const path = Array.from({ length: levels }, (_, i) => (i % 2 === 0 ? 'prediction' : 'channel'));
    return `{ channel(id: "c") { ${path.map((f) => `${f} { `).join('')}id${' }'.repeat(levels)} } }`;
  };
  const deep = 'channels(ids: []) { id title prediction { id rate channel { id title prediction { id rate } } } }';
  const aliased = (n: number, field = 'ping') => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

  it('runs an operation within every limit', async () => {
    expect(await run(nested(4))).toMatchObject({ status: 200, errors: undefined, resolved: 1 });
  });

  it.each([
    ['too deep', nested(8), 'MAX_DEPTH_LIMIT', limits.maxDepth, /depth limit of 6 exceeded, found 10/],
    ['too many aliases', aliased(6, 'channel(id: "c") { id }'), 'MAX_ALIASES_LIMIT', limits.maxAliases, /Aliases limit of 5 exceeded, found 6/],
    ['too many root fields', '{ channel(id: "c") { id } channels(ids: []) { id } ping ...More } fragment More on Query { a: ping b: ping }', 'MAX_ROOT_FIELDS_LIMIT', limits.maxRootFields, /Root fields limit of 4 exceeded, found 5/],
    ['too many directives', '{ ping @skip(if: false) @include(if: true) channel(id: "c") @include(if: true) { id @skip(if: false) } }', 'MAX_DIRECTIVES_LIMIT', limits.maxDirectives, /Directives limit of 3 exceeded, found 4/],
    ['too costly', `{ a: ${deep} b: ${deep} }`, 'COST_ESTIMATED_TOO_EXPENSIVE', limits.maxCost, /Cost limit of 60 exceeded, found 81.25/],
  ])('refuses an operation %s with 400 and its code, before resolving anything', async (_what, query, code, limit, message) => {
    const result = await run(query);
    expect(result.status).toBe(400);
    expect(result.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(message), extensions: { code, limit } })]);
    expect(result.resolved).toBe(0);
  });

  it('refuses a document with more tokens than the limit while parsing it, with MAX_TOKENS_LIMIT', async () => {
    const result = await run(`{ channels(ids: [${Array.from({ length: 1000 }, (_, i) => `"${i}"`).join(', ')}]) { id } }`);
    expect(result.status).toBe(400);
    expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: 'MAX_TOKENS_LIMIT', limit: 1000 } })]);
    expect(result.resolved).toBe(0);
  });

  it('refuses a document every time it is sent, and keeps running one within the limits (the verdict on a kept document is remembered)', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await run(nested(8))).toMatchObject({ status: 400, errors: [expect.objectContaining({ extensions: { code: 'MAX_DEPTH_LIMIT', limit: 6 } })], resolved: 0 });
      expect(await run(nested(4))).toMatchObject({ status: 200, errors: undefined, resolved: 1 });
    }
  });
});

describe('the operation limits check', () => {
  const { check } = operationLimits(limits);
  const deepQuery = `{ channel(id: "c") { prediction { channel { prediction { channel { prediction { channel { id } } } } } } } }`;

  it('answers the same document the same way again, per schema', () => {
    const schema = buildSchema(typeDefs);
    const kept = parse('{ channel(id: "c") { id } }');
    const refused = parse(deepQuery);
    for (let i = 0; i < 2; i++) {
      expect(check(schema, kept)).toBeUndefined();
      expect(check(schema, refused)?.extensions).toEqual({ code: 'MAX_DEPTH_LIMIT', limit: 6, http: { status: 400 } });
    }
    // Another schema: the document is checked against it, not taken as kept.
    const other = buildSchema('type Query { channel(id: ID!): Query  id: ID }');
    expect(check(other, parse(deepQuery.replace(/prediction/g, 'channel(id: "c")')))?.extensions).toMatchObject({ code: 'MAX_DEPTH_LIMIT' });
  });
});

describe('the root fields rule', () => {
  const schema = buildSchema(typeDefs);
  const count = (query: string) => {
    const found: number[] = [];
    validate(schema, parse(query), [maxRootFieldsRule(0, (_context, n) => found.push(n))]);
    return found;
  };

  it('counts the root fields of each operation, through fragments and inline fragments, every use of a fragment', () => {
    expect(count('query A { ping ... on Query { b: ping } ...F ...F } query B { ping } fragment F on Query { c: ping d: ping }')).toEqual([6, 1]);
  });

  it('counts fragments of fragments once each, however often they are spread', () => {
    // 2^40 fields if each spread were expanded; counted once per fragment it is immediate.
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ');
    expect(count(`{ ...F0 } ${fragments} fragment F40 on Query { ping }`)).toEqual([2 ** 40]);
  });
});
