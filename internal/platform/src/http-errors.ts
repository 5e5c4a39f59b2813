import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';

/**
 * Answers a request that never reached GraphQL (a body too large or not JSON, a caller over its
 * rate) the way GraphQL answers: a JSON body `{ errors: [{ message, extensions: { code } }] }`.
 * Plain node: the express routes and the POST /graphql path (graphql-post.ts) both answer with it.
 */
export function sendJsonError(res: ServerResponse, status: number, message: string, extensions: { code: string } & Record<string, unknown>): void {
  const body = JSON.stringify({ errors: [{ message, extensions }] });
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** A request body refused before GraphQL: body-parser's error types, which the POST /graphql path raises too. */
export type BodyErrorType = 'entity.too.large' | 'entity.parse.failed' | 'encoding.unsupported' | 'charset.unsupported' | 'request.aborted';

/** body-parser's error types, by the code a client gets for them. */
const BODY_ERRORS: Partial<Record<string, { code: string; describe: (limit: number) => string }>> = {
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', describe: (limit) => `the request body is larger than the ${limit} bytes this service accepts` },
  'entity.parse.failed': { code: 'BAD_REQUEST', describe: () => 'the request body is not valid JSON' },
  'encoding.unsupported': { code: 'BAD_REQUEST', describe: () => 'the request body has an unsupported content encoding' },
  'charset.unsupported': { code: 'BAD_REQUEST', describe: () => 'the request body has an unsupported charset' },
};

/** Answers a refused body: its status (413, 400, 415), code and reason; false when `type` is not a body error this knows. */
export function sendBodyError(res: ServerResponse, type: string | undefined, status: number, maxRequestBytes: number): boolean {
  const known = type ? BODY_ERRORS[type] : undefined;
  if (!known) return false;
  sendJsonError(res, status, known.describe(maxRequestBytes), { code: known.code, ...(status === 413 ? { maxBytes: maxRequestBytes } : {}) });
  return true;
}

/** Answers a failure outside GraphQL: details to the log, and to the client only outside production. */
export function sendInternalError(res: ServerResponse, error: { message?: string; stack?: string }, options: { service: string; production: boolean }): void {
  console.error(`[${options.service}] request failed: ${error.stack ?? error.message}`);
  sendJsonError(res, 500, options.production ? 'internal server error' : `internal server error: ${error.message}`, { code: 'INTERNAL_SERVER_ERROR' });
}

/**
 * The last express handler: any error before or around GraphQL becomes a JSON coded error,
 * never express's HTML page (which carries a stack trace and absolute paths). Client errors
 * keep their 4xx status; anything else is a 500 whose details go to the log, and to the client
 * only outside production.
 */
export function jsonErrorHandler(options: { service: string; production: boolean; maxRequestBytes: number }): ErrorRequestHandler {
  return (error: { type?: string; status?: number; message?: string; stack?: string }, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (sendBodyError(res, error.type, status, options.maxRequestBytes)) return;
    if (status < 500) return sendJsonError(res, status, error.message ?? 'bad request', { code: 'BAD_REQUEST' });
    sendInternalError(res, error, options);
  };
}
