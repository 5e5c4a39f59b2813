import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { sendBodyError, sendInternalError, type BodyErrorType } from './http-errors.js';
import { admitRequest, admittedScope, refuseForeignBody, type Admit } from './request-admission.js';
import type { RequestScope } from './request-scope.js';

/**
 * A check on a request before its body is read (a rate limit): answers it and resolves true, or
 * resolves false to let it through. Plain node, so the POST /graphql path and express share it.
 */
export type HttpGuard = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface GraphQLPostOptions<Context extends BaseContext> {
  service: string;
  production: boolean;
  maxRequestBytes: number;
  guards: readonly HttpGuard[];
  admit: Admit;
  context: (scope: RequestScope) => Context | Promise<Context>;
}

/** Whether a request is a POST to /graphql, the one route every GraphQL request of the system takes. */
export function isGraphQLPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return path === '/graphql' || path === '/graphql/';
}

class BodyError extends Error {
  constructor(
    readonly type: BodyErrorType,
    readonly status: number,
  ) {
    super(type);
  }
}

/** The body as body-parser's json() would decode it: inflated when encoded (gzip, deflate, br), at most `limit` bytes after inflating, UTF-8. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  let stream: Readable = req;
  if (encoding === 'gzip') stream = req.pipe(createGunzip());
  else if (encoding === 'deflate') stream = req.pipe(createInflate());
  else if (encoding === 'br') stream = req.pipe(createBrotliDecompress());
  else if (encoding !== 'identity') return drained(req, new BodyError('encoding.unsupported', 415));
  if (encoding === 'identity' && declared > limit) return drained(req, new BodyError('entity.too.large', 413));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let failed = false;
    const fail = (error: BodyError) => {
      if (failed) return;
      failed = true;
      if (stream !== req) req.unpipe();
      drained(req, error).catch(reject);
    };
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      length += chunk.length;
      if (length > limit) return fail(new BodyError('entity.too.large', 413));
      chunks.push(chunk);
    });
    stream.on('error', () => fail(new BodyError('entity.parse.failed', 400)));
    stream.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length));
    });
    req.on('aborted', () => fail(new BodyError('request.aborted', 400)));
  });
}

/** Rejects with `error` once the rest of the request has been read and thrown away, so the connection stays usable for the answer. */
function drained(req: IncomingMessage, error: BodyError): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (req.readableEnded || req.destroyed) return reject(error);
    req.on('end', () => reject(error));
    req.on('close', () => reject(error));
    req.resume();
  });
}

/** body-parser's strict JSON: an object or an array, nothing else. */
function parseJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw new BodyError('entity.parse.failed', 400);
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError('entity.parse.failed', 400);
  }
}

/** A JSON content type (the only one a POST body is parsed for) and its charset, which must be UTF-8. */
function jsonContentType(value: string | undefined): 'json' | 'other' | 'bad-charset' {
  if (!value) return 'other';
  const [type, ...params] = value.toLowerCase().split(';');
  if (type!.trim() !== 'application/json') return 'other';
  const charset = params.map((p) => p.trim()).find((p) => p.startsWith('charset='));
  if (charset && !charset.slice('charset='.length).replace(/"/g, '').startsWith('utf-')) return 'bad-charset';
  return 'json';
}

/**
 * POST /graphql without express: the guards, admission from the headers, the body read within
 * its limit and checked against the digest admission was granted for, then Apollo Server. Every
 * GraphQL request of the system (client → gateway, gateway → subgraph) takes this path, where
 * express's router, body-parser and response helpers (an ETag hashed over every answer) cost
 * ~10 % of a subgraph's CPU per prediction; the answers are the same as express's chain gives
 * (graphql-http-server.ts keeps it for GET and other routes): JSON errors with codes, 401 with
 * `www-authenticate`, 413 naming the limit, 400 for a body that is not JSON, `x-request-id` on
 * every answer.
 */
export function graphQLPostHandler<Context extends BaseContext>(apollo: ApolloServer<Context>, options: GraphQLPostOptions<Context>): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      for (const guard of options.guards) if (await guard(req, res)) return;
      const admission = await admitRequest(options.admit, req, res);
      if (!admission) return;
      const scope = admittedScope(admission, res);

      let body: unknown;
      const contentType = jsonContentType(req.headers['content-type']);
      try {
        if (contentType === 'bad-charset') await drained(req, new BodyError('charset.unsupported', 415));
        const raw = await readBody(req, options.maxRequestBytes);
        // Apollo answers a POST that is not JSON (its CSRF check, "POST body missing").
        if (contentType === 'json') body = parseJson(raw);
        if (refuseForeignBody(admission, raw, res)) return;
      } catch (error) {
        if (error instanceof BodyError) {
          // A client that hung up mid-body gets no answer.
          if (error.type !== 'request.aborted') sendBodyError(res, error.type, error.status, options.maxRequestBytes);
          return;
        }
        throw error;
      }

      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const url = req.url ?? '';
      const query = url.indexOf('?');
      const answer = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers, search: query === -1 ? '' : url.slice(query), body },
        context: () => Promise.resolve(options.context(scope)),
      });
      for (const [key, value] of answer.headers) res.setHeader(key, value);
      res.statusCode = answer.status ?? 200;
      if (answer.body.kind === 'complete') {
        res.setHeader('content-length', Buffer.byteLength(answer.body.string));
        res.end(answer.body.string);
        return;
      }
      for await (const chunk of answer.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      if (res.headersSent) {
        res.destroy(error as Error);
        return;
      }
      sendInternalError(res, error as Error, options);
    }
  };
}
