import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../src/errors.js';
import type { HealthStatus } from '../src/health.js';
import { createSubgraphServer, type RunningServer } from '../src/subgraph-server.js';

const sdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  scalar DateTime
  scalar Date
  input Event { at: DateTime!  day: Date  count: Int }
  type Query {
    at(valid: Boolean! = true): DateTime!
    thing(id: ID!): String
    events(input: [Event!]!): Int!
    broken: String
  }
`;

describe('a subgraph server', () => {
  let running: RunningServer | undefined;
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
        },
      },
      context: () => ({}),
      probes: [async () => ({ name: 'dependency', status })],
      serving,
    }).listen(0);
    return running;
  }

  const send = async (url: string, body: string) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };
  const post = async (url: string, query: string, variables?: Record<string, unknown>, operationName?: string) =>
    JSON.parse((await send(url, JSON.stringify({ query, variables, operationName }))).text);

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

  it('answers /health with its probes: 200 while UP, 503 when DOWN', async () => {
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

  describe('input errors', () => {
    it('names the argument path of a date that does not parse in a variable, whatever the variable is called', async () => {
      const { url } = await serve();
      const result = await post(url, 'query($e: [Event!]!) { events(input: $e) }', { e: [{ at: '2024-05-01T12:00:00Z' }, { at: '2026-02-30T00:00:00Z' }] });
      expect(result.errors).toEqual([
        expect.objectContaining({
          message: 'input[1].at: must be an ISO-8601 date-time with a time zone, such as 2024-05-01T12:00:00Z, got "2026-02-30T00:00:00Z"',
          extensions: { code: 'BAD_USER_INPUT', field: 'input[1].at', value: '2026-02-30T00:00:00Z' },
        }),
      ]);
    });

    it('names the argument path of a literal that does not parse, and of a built-in scalar', async () => {
      const { url } = await serve();
      const literal = await post(url, '{ events(input: [{ at: "2024-05-01T12:00:00Z", day: "not a date" }]) }');
      expect(literal.errors[0]).toMatchObject({
        message: 'input[0].day: must be a calendar day as YYYY-MM-DD, such as 2024-05-01, got "not a date"',
        extensions: { code: 'BAD_USER_INPUT', field: 'input[0].day', value: 'not a date' },
      });
      const int = await post(url, 'query($e: [Event!]!) { events(input: $e) }', { e: [{ at: '2024-05-01T12:00:00Z', count: 'many' }] });
      expect(int.errors[0]).toMatchObject({ message: 'input[0].count: Int cannot represent non-integer value: "many"', extensions: { code: 'BAD_USER_INPUT', field: 'input[0].count' } });
    });

    it('names the argument path of a variable used inside an input object', async () => {
      const { url } = await serve();
      const result = await post(url, 'query($when: DateTime!) { events(input: [{ at: "2024-05-01T12:00:00Z" }, { at: $when }]) }', { when: 'yesterday' });
      expect(result.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input[1].at', value: 'yesterday' });
    });

    it('repeats a huge value back cut short, in the message and in extensions', async () => {
      const { url } = await serve();
      const huge = 'x'.repeat(1_000_000);
      const result = await post(url, '{ thing(id: "' + huge + '") }');
      expect(result.errors[0].message.length).toBeLessThan(200);
      expect(result.errors[0].message).toContain('(1000000 characters)');
      expect(result.errors[0].extensions.id.length).toBeLessThan(200);
      const date = await post(url, 'query($e: [Event!]!) { events(input: $e) }', { e: [{ at: huge }] });
      expect(JSON.stringify(date).length).toBeLessThan(1000);
    });
  });

  describe('request errors', () => {
    it('answers 400 OPERATION_RESOLUTION_FAILURE for an unknown operationName and for several operations and no name', async () => {
      const { url } = await serve();
      const unknown = await send(url, JSON.stringify({ query: 'query A { at }', operationName: 'B' }));
      expect(unknown.status).toBe(400);
      expect(JSON.parse(unknown.text).errors[0]).toMatchObject({ message: 'Unknown operation named "B".', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
      const ambiguous = await send(url, JSON.stringify({ query: 'query A { at } query B { at }' }));
      expect(ambiguous.status).toBe(400);
      expect(JSON.parse(ambiguous.text).errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
    });

    it('answers malformed JSON with a JSON 400 that carries no stack trace or path', async () => {
      const { url } = await serve();
      const response = await send(url, '{"query": ');
      expect(response.status).toBe(400);
      expect(response.type).toMatch(/^application\/json/);
      expect(JSON.parse(response.text)).toEqual({ errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    });

    it('answers a body over the limit with a JSON 413 naming the limit', async () => {
      const { url } = await serve('UP', { production: false, maxRequestBytes: 1000 });
      const response = await send(url, JSON.stringify({ query: '{ at }', variables: { padding: 'x'.repeat(2000) } }));
      expect(response.status).toBe(413);
      expect(JSON.parse(response.text).errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', maxBytes: 1000 });
    });
  });

  it('hides an internal error message in production and shows it in development; coded errors stay as they are', async () => {
    const { url: development } = await serve();
    expect((await post(development, '{ broken }')).errors[0].message).toContain('ENOENT');
    await running!.stop();

    const { url: production } = await serve('UP', { production: true, maxRequestBytes: 1_000_000 });
    const hidden = await post(production, '{ broken }');
    expect(hidden.errors[0]).toEqual({ message: 'Internal server error', locations: expect.any(Array), path: ['broken'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect((await post(production, '{ thing(id: "x") }')).errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
