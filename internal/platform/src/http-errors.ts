import type { ErrorRequestHandler, Response } from 'express';

/**
 * Answers a request that never reached GraphQL (a body too large or not JSON, a caller over its
 * rate) the way GraphQL answers: a JSON body `{ errors: [{ message, extensions: { code } }] }`.
 */
export function sendJsonError(res: Response, status: number, message: string, extensions: { code: string } & Record<string, unknown>): void {
  res.status(status).type('application/json').send(JSON.stringify({ errors: [{ message, extensions }] }));
}

/** body-parser's error types, by the code a client gets for them. */
const BODY_ERRORS: Record<string, { code: string; describe: (limit: number) => string }> = {
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', describe: (limit) => `the request body is larger than the ${limit} bytes this service accepts` },
  'entity.parse.failed': { code: 'BAD_REQUEST', describe: () => 'the request body is not valid JSON' },
  'encoding.unsupported': { code: 'BAD_REQUEST', describe: () => 'the request body has an unsupported content encoding' },
  'charset.unsupported': { code: 'BAD_REQUEST', describe: () => 'the request body has an unsupported charset' },
};

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
    const known = error.type ? BODY_ERRORS[error.type] : undefined;
    if (known) return sendJsonError(res, status, known.describe(options.maxRequestBytes), { code: known.code, ...(status === 413 ? { maxBytes: options.maxRequestBytes } : {}) });
    if (status < 500) return sendJsonError(res, status, error.message ?? 'bad request', { code: 'BAD_REQUEST' });
    console.error(`[${options.service}] request failed: ${error.stack ?? error.message}`);
    sendJsonError(res, 500, options.production ? 'internal server error' : `internal server error: ${error.message}`, { code: 'INTERNAL_SERVER_ERROR' });
  };
}
