import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../src/errors.js';
import { bodySha256, gatewayProofHeaders, signGatewayProof, type GatewayProof } from '../src/gateway-proof.js';
import type { HealthStatus } from '../src/health.js';
import type { Identity } from '../src/identity.js';
import { createSubgraphServer, type RunningServer } from '../src/subgraph-server.js';

const sdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@authenticated", { name: "@requiresScopes", as: "@scopes" }])
  scalar DateTime
  scalar Date
  input Event { at: DateTime!  day: Date  count: Int }
  type Query {
    at(valid: Boolean! = true): DateTime!
    thing(id: ID!): String
    events(input: [Event!]!): Int!
    broken: String
    me: String @authenticated
  }
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

  async function serve(status: HealthStatus = 'UP', serving?: { production: boolean; maxRequestBytes: number }) {
    running = await createSubgraphServer({
      name: 'probe',
      sdl,
      resolvers: {
        Query: {
          at: (_: unknown, { valid }: { valid: boolean }) => (valid ? new Date('2024-05-01T12:00:00Z') : 'not a date'),
          thing: (_: unknown, { id }: { id: string }) => Promise.reject(new NotFoundError('Thing', id)),
          events: (_: unknown, { input }: { input: unknown[] }) => input.length,
          broken: () => {
            throw new Error('ENOENT: no such file /srv/secret/config.json');
          },
          me: () => 'you',
        },
        Mutation: { write: () => ++writes, either: () => ++writes },
      },
      context: () => ({}),
      probes: [async () => ({ name: 'dependency', status })],
      serving,
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

  /** Posts a raw body as the gateway would, with a proof over exactly that body. */
  const sendRaw = async (url: string, body: string) => {
    const token = await signGatewayProof(secret, { audience: 'probe', identity: null, trace: { requestId: 't-2', via: [] }, timeoutMs: 5000, bodySha256: bodySha256(body) });
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...gatewayProofHeaders(token) }, body });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };
  const postVars = async (url: string, query: string, variables?: Record<string, unknown>, operationName?: string) =>
    JSON.parse((await sendRaw(url, JSON.stringify({ query, variables, operationName }))).text);

  it("tells a request's context when the request has ended, and serves the routes its runtime adds beside /graphql", async () => {
    const events: string[] = [];
    running = await createSubgraphServer({
      name: 'probe',
      sdl,
      resolvers: { Query: { thing: () => (events.push('resolved'), 'x') } },
      context: (scope) => {
        events.push('context');
        scope.onEnd?.(() => events.push('ended'));
        return {};
      },
      probes: [],
      subgraphSecret: secret,
      routes: (app) => app.get('/extra', (_req, res) => void res.json({ extra: true })),
    }).listen(0);
    expect(await post(running.url, '{ thing(id: "1") }')).toEqual({ data: { thing: 'x' } });
    // The response's 'close' may come just after the client has read it.
    for (let i = 0; i < 100 && !events.includes('ended'); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual(['context', 'resolved', 'ended']);
    expect(await (await fetch(new URL('/extra', running.url))).json()).toEqual({ extra: true });
  });

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

  it('answers a liveness probe (/health?probe=live) 200 while a dependency is DOWN, without running the checks', async () => {
    let checked = 0;
    running = await createSubgraphServer({
      name: 'probe',
      sdl,
      resolvers: {},
      context: () => ({}),
      probes: [async () => (checked++, { name: 'dependency', status: 'DOWN' })],
      subgraphSecret: secret,
    }).listen(0);
    const live = await fetch(new URL('/health?probe=live', running.url));
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'UP', probe: 'live' });
    expect(checked).toBe(0);
    // The readiness probe (plain /health) still says DOWN, so the pod leaves the Service's endpoints.
    expect((await fetch(new URL('/health', running.url))).status).toBe(503);
    expect((await fetch(new URL('/health?probe=ready', running.url))).status).toBe(503);
    expect(checked).toBe(2);
  });

  describe('input errors', () => {
    it('names the argument path of a date that does not parse in a variable, whatever the variable is called', async () => {
      const { url } = await serve();
      const result = await postVars(url, 'query($e: [Event!]!) { events(input: $e) }', { e: [{ at: '2024-05-01T12:00:00Z' }, { at: '2026-02-30T00:00:00Z' }] });
      expect(result.errors).toEqual([
        expect.objectContaining({
          message: 'input[1].at: must be an ISO-8601 date-time with a time zone, such as 2024-05-01T12:00:00Z, got "2026-02-30T00:00:00Z"',
          extensions: { code: 'BAD_USER_INPUT', field: 'input[1].at', value: '2026-02-30T00:00:00Z' },
        }),
      ]);
    });

    it('names the argument path of a literal that does not parse, and of a built-in scalar', async () => {
      const { url } = await serve();
      const literal = await postVars(url, '{ events(input: [{ at: "2024-05-01T12:00:00Z", day: "not a date" }]) }');
      expect(literal.errors[0]).toMatchObject({
        message: 'input[0].day: must be a calendar day as YYYY-MM-DD, such as 2024-05-01, got "not a date"',
        extensions: { code: 'BAD_USER_INPUT', field: 'input[0].day', value: 'not a date' },
      });
      const int = await postVars(url, 'query($e: [Event!]!) { events(input: $e) }', { e: [{ at: '2024-05-01T12:00:00Z', count: 'many' }] });
      expect(int.errors[0]).toMatchObject({ message: 'input[0].count: Int cannot represent non-integer value: "many"', extensions: { code: 'BAD_USER_INPUT', field: 'input[0].count' } });
    });

    it('names the argument path of a variable used inside an input object', async () => {
      const { url } = await serve();
      const result = await postVars(url, 'query($when: DateTime!) { events(input: [{ at: "2024-05-01T12:00:00Z" }, { at: $when }]) }', { when: 'yesterday' });
      expect(result.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input[1].at', value: 'yesterday' });
    });

    it('repeats a huge value back cut short, in the message and in extensions', async () => {
      const { url } = await serve();
      const huge = 'x'.repeat(1_000_000);
      const result = await postVars(url, '{ thing(id: "' + huge + '") }');
      expect(result.errors[0].message.length).toBeLessThan(200);
      expect(result.errors[0].message).toContain('(1000000 characters)');
      expect(result.errors[0].extensions.id.length).toBeLessThan(200);
      const date = await postVars(url, 'query($e: [Event!]!) { events(input: $e) }', { e: [{ at: huge }] });
      expect(JSON.stringify(date).length).toBeLessThan(1000);
    });
  });

  describe('request errors', () => {
    it('answers 400 OPERATION_RESOLUTION_FAILURE for an unknown operationName and for several operations and no name', async () => {
      const { url } = await serve();
      const unknown = await sendRaw(url, JSON.stringify({ query: 'query A { at }', operationName: 'B' }));
      expect(unknown.status).toBe(400);
      expect(JSON.parse(unknown.text).errors[0]).toMatchObject({ message: 'Unknown operation named "B".', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
      const ambiguous = await sendRaw(url, JSON.stringify({ query: 'query A { at } query B { at }' }));
      expect(ambiguous.status).toBe(400);
      expect(JSON.parse(ambiguous.text).errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
    });

    it('answers malformed JSON with a JSON 400 that carries no stack trace or path', async () => {
      const { url } = await serve();
      const response = await sendRaw(url, '{"query": ');
      expect(response.status).toBe(400);
      expect(response.type).toMatch(/^application\/json/);
      expect(JSON.parse(response.text)).toEqual({ errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    });

    it('answers a body over the limit with a JSON 413 naming the limit', async () => {
      const { url } = await serve('UP', { production: false, maxRequestBytes: 1000 });
      const response = await sendRaw(url, JSON.stringify({ query: '{ at }', variables: { padding: 'x'.repeat(2000) } }));
      expect(response.status).toBe(413);
      expect(JSON.parse(response.text).errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', maxBytes: 1000 });
    });

    /** Posts `chunks` without a content-length (chunked), with the proof over their concatenation, and extra headers. */
    const sendChunked = async (url: string, chunks: Buffer[], headers: Record<string, string> = {}, proofBody = Buffer.concat(chunks)) => {
      const token = await signGatewayProof(secret, { audience: 'probe', identity: null, trace: { requestId: 't-3', via: [] }, timeoutMs: 5000, bodySha256: bodySha256(proofBody) });
      return new Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
        const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...gatewayProofHeaders(token), ...headers } }, (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve({ status: response.statusCode!, text, headers: response.headers }));
        });
        request.on('error', reject);
        for (const chunk of chunks) request.write(chunk);
        request.end();
      });
    };

    it('reads a chunked body, a gzip-encoded one and a charset-labelled one; answers with a length and the request id', async () => {
      const { url } = await serve();
      const body = Buffer.from(JSON.stringify({ query: '{ at }' }));
      const chunked = await sendChunked(url, [body.subarray(0, 5), body.subarray(5)]);
      expect(JSON.parse(chunked.text)).toEqual({ data: { at: '2024-05-01T12:00:00.000Z' } });
      expect(chunked.headers['content-length']).toBe(String(Buffer.byteLength(chunked.text)));
      expect(chunked.headers['x-request-id']).toBe('t-3');
      // The proof is over the body as decoded.
      const gzipped = await sendChunked(url, [gzipSync(body)], { 'content-encoding': 'gzip' }, body);
      expect(JSON.parse(gzipped.text)).toEqual({ data: { at: '2024-05-01T12:00:00.000Z' } });
      const labelled = await sendChunked(url, [body], { 'content-type': 'application/json; charset=UTF-8' });
      expect(JSON.parse(labelled.text).data.at).toBeDefined();
    });

    it('answers a chunked body over the limit with 413, an unknown encoding or a charset other than UTF-8 with 415, a body other than the proof was minted for with 401', async () => {
      const { url } = await serve('UP', { production: false, maxRequestBytes: 1000 });
      const large = await sendChunked(url, Array.from({ length: 4 }, () => Buffer.from('x'.repeat(400))));
      expect(large.status).toBe(413);
      expect(JSON.parse(large.text).errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', maxBytes: 1000 });
      const encoded = await sendChunked(url, [Buffer.from('{}')], { 'content-encoding': 'zstd-or-so' });
      expect(encoded.status).toBe(415);
      expect(JSON.parse(encoded.text).errors[0]).toEqual({ message: 'the request body has an unsupported content encoding', extensions: { code: 'BAD_REQUEST' } });
      const latin = await sendChunked(url, [Buffer.from('{"query":"{ at }"}')], { 'content-type': 'application/json; charset=latin1' });
      expect(latin.status).toBe(415);
      expect(JSON.parse(latin.text).errors[0].message).toBe('the request body has an unsupported charset');
      const swapped = await sendChunked(url, [Buffer.from('{"query":"{ at(valid: false) }"}')], {}, Buffer.from('{"query":"{ at }"}'));
      expect(swapped.status).toBe(401);
      expect(JSON.parse(swapped.text).errors[0].message).toContain('another request body');
      const scalar = await sendChunked(url, [Buffer.from('"{ at }"')]);
      expect(scalar.status).toBe(400);
      expect(JSON.parse(scalar.text).errors[0].message).toBe('the request body is not valid JSON');
    });
  });

  it('hides an internal error message in production and shows it in development; coded errors stay as they are', async () => {
    const { url: development } = await serve();
    expect((await postVars(development, '{ broken }')).errors[0].message).toContain('ENOENT');
    await running!.stop();

    const { url: production } = await serve('UP', { production: true, maxRequestBytes: 1_000_000 });
    const hidden = await postVars(production, '{ broken }');
    expect(hidden.errors[0]).toEqual({ message: 'Internal server error', locations: expect.any(Array), path: ['broken'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect((await postVars(production, '{ thing(id: "x") }')).errors[0].extensions.code).toBe('NOT_FOUND');
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

    it('computes no cache policy: its answers carry no cache-control (the gateway takes them as uncacheable)', async () => {
      const { url } = await serve();
      const response = await send(url, '{ at }');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBeNull();
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
