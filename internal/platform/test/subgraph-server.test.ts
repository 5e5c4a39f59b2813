import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../src/errors.js';
import { bodySha256, gatewayProofHeaders, signGatewayProof, type GatewayProof } from '../src/gateway-proof.js';
import type { HealthStatus } from '../src/health.js';
import type { Identity } from '../src/identity.js';
import { createSubgraphServer, type RunningServer } from '../src/subgraph-server.js';

const sdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@authenticated", { name: "@requiresScopes", as: "@scopes" }])
  scalar DateTime
  type Query { at(valid: Boolean! = true): DateTime!  thing(id: ID!): String  me: String @authenticated }
  type Mutation {
    write: Int! @scopes(scopes: [["write"]])
    either: Int! @scopes(scopes: [["a", "b"], ["c"]])
  }
`;

const secret = randomBytes(32).toString('base64url');

describe('a subgraph server', () => {
  let running: RunningServer | undefined;
  let writes = 0;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  async function serve(status: HealthStatus = 'UP') {
    running = await createSubgraphServer({
      name: 'probe',
      sdl,
      resolvers: {
        Query: {
          at: (_: unknown, { valid }: { valid: boolean }) => (valid ? new Date('2024-05-01T12:00:00Z') : 'not a date'),
          thing: (_: unknown, { id }: { id: string }) => Promise.reject(new NotFoundError('Thing', id)),
          me: () => 'you',
        },
        Mutation: { write: () => ++writes, either: () => ++writes },
      },
      context: () => ({}),
      probes: [async () => ({ name: 'dependency', status })],
      subgraphSecret: secret,
    }).listen(0);
    return running;
  }

  /** Posts `query` as the gateway would: with a proof over the exact body, `proof` overriding parts of it. */
  async function send(url: string, query: string, proof: Partial<GatewayProof> = {}, options: { secret?: string; issuedAt?: Date; body?: string } = {}) {
    const body = JSON.stringify({ query });
    const token = await signGatewayProof(
      options.secret ?? secret,
      { audience: 'probe', identity: null, trace: { requestId: 't-1', via: [] }, timeoutMs: 5000, bodySha256: bodySha256(body), ...proof },
      options.issuedAt,
    );
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...gatewayProofHeaders(token) }, body: options.body ?? body });
  }
  const post = async (url: string, query: string, proof: Partial<GatewayProof> = {}) => (await send(url, query, proof)).json() as Promise<any>;
  const as = (scopes: string[]): Partial<GatewayProof> => ({ identity: { subject: 'tester', scopes } satisfies Identity });

  it('serves the shared DateTime scalar the SDL declares, without the subgraph supplying it', async () => {
    const { url } = await serve();
    expect(await post(url, '{ at }')).toEqual({ data: { at: '2024-05-01T12:00:00.000Z' } });
    const invalid = await post(url, '{ at(valid: false) }');
    expect(invalid.errors[0].message).toContain('DateTime');
  });

  it('answers a domain error with its code', async () => {
    const { url } = await serve();
    const result = await post(url, '{ thing(id: "x") }');
    expect(result.errors[0]).toMatchObject({ message: 'Thing "x" does not exist', extensions: { code: 'NOT_FOUND', kind: 'Thing', id: 'x' } });
  });

  it('answers /health with its probes, without a proof: 200 while UP, 503 when DOWN', async () => {
    const up = await serve('UP');
    const upResponse = await fetch(new URL('/health', up.url));
    expect(upResponse.status).toBe(200);
    expect(await upResponse.json()).toMatchObject({ name: 'probe', status: 'UP', checks: [{ name: 'dependency', status: 'UP' }] });
    await up.stop();

    const down = await serve('DOWN');
    const downResponse = await fetch(new URL('/health', down.url));
    expect(downResponse.status).toBe(503);
    expect(await downResponse.json()).toMatchObject({ status: 'DOWN' });
  });

  describe('answers only the gateway', () => {
    const refusal = async (response: Response) => ({ status: response.status, authenticate: response.headers.get('www-authenticate'), body: (await response.json()) as any });

    it('refuses a request without a proof with 401 and a coded JSON body', async () => {
      const { url } = await serve();
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ at }' }) });
      const { status, authenticate, body } = await refusal(response);
      expect(status).toBe(401);
      expect(authenticate).toMatch(/^Bearer/);
      expect(body.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      expect(body.errors[0].message).toContain('no gateway proof');
    });

    it('refuses a proof signed with another secret, one for another subgraph, and an expired one', async () => {
      const { url } = await serve();
      const forged = await refusal(await send(url, '{ at }', {}, { secret: randomBytes(32).toString('base64url') }));
      expect(forged).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED', reason: 'signature' } }] } });
      const elsewhere = await refusal(await send(url, '{ at }', { audience: 'channels' }));
      expect(elsewhere).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED', reason: 'claim', claim: 'aud' } }] } });
      const stale = await refusal(await send(url, '{ at }', {}, { issuedAt: new Date(Date.now() - 60_000) }));
      expect(stale).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED', reason: 'expired' } }] } });
    });

    it('refuses a valid proof sent with another body, and runs nothing', async () => {
      const { url } = await serve();
      const before = writes;
      const swapped = await refusal(await send(url, '{ at }', as(['write']), { body: JSON.stringify({ query: 'mutation { write }' }) }));
      expect(swapped).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
      expect(swapped.body.errors[0].message).toContain('another request body');
      expect(writes).toBe(before);
    });

    it('answers with the request id the proof carries', async () => {
      const { url } = await serve();
      const response = await send(url, '{ at }', { trace: { requestId: 'from-proof', via: [] } });
      expect(response.headers.get('x-request-id')).toBe('from-proof');
    });
  });

  describe('enforces @authenticated and @requiresScopes from its SDL', () => {
    it('refuses an anonymous caller with UNAUTHENTICATED, naming the scope, before the resolver runs', async () => {
      const { url } = await serve();
      const before = writes;
      const result = await post(url, 'mutation { write }');
      expect(result.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', field: 'Mutation.write', requiredScopes: [['write']] } });
      expect(result.errors[0].message).toContain('"write"');
      expect((await post(url, '{ me }')).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(writes).toBe(before);
    });

    it('refuses a caller without the scope with FORBIDDEN, naming the missing scope', async () => {
      const { url } = await serve();
      const before = writes;
      const result = await post(url, 'mutation { write }', as(['read', 'other']));
      expect(result.errors[0]).toMatchObject({
        message: 'Mutation.write needs scope "write"; the token of "tester" has "read", "other"',
        extensions: { code: 'FORBIDDEN', field: 'Mutation.write', requiredScopes: [['write']], missingScopes: ['write'] },
      });
      expect(writes).toBe(before);
    });

    it('runs the resolver for a caller with the scope, and for either alternative of a rule', async () => {
      const { url } = await serve();
      expect((await post(url, 'mutation { write }', as(['write']))).data.write).toBeGreaterThan(0);
      expect((await post(url, '{ me }', as([]))).data).toEqual({ me: 'you' });
      expect((await post(url, 'mutation { either }', as(['c']))).errors).toBeUndefined();
      expect((await post(url, 'mutation { either }', as(['a', 'b']))).errors).toBeUndefined();
      // With "a", the first alternative is as close as the second: its missing scope is named.
      const partial = await post(url, 'mutation { either }', as(['a']));
      expect(partial.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', requiredScopes: [['a', 'b'], ['c']], missingScopes: ['b'] } });
      expect(partial.errors[0].message).toContain('scopes "a" and "b", or "c"');
    });

    it('refuses to build a schema with a rule it does not enforce', () => {
      const withPolicy = `
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@policy", "@authenticated"])
        type Query { a: Int @policy(policies: [["p"]]) }`;
      expect(() => createSubgraphServer({ name: 'p', sdl: withPolicy, resolvers: {}, context: () => ({}), probes: [], subgraphSecret: secret }).listen(0)).toThrow(/@policy on Query.a is not enforced/);
      const onInterface = `
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@authenticated"])
        interface Named @authenticated { name: String }
        type Query { a: Named }`;
      expect(() => createSubgraphServer({ name: 'p', sdl: onInterface, resolvers: {}, context: () => ({}), probes: [], subgraphSecret: secret }).listen(0)).toThrow(/@authenticated on Named/);
    });
  });
});
