import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { bearerToken } from './bearer-token.js';
import { DomainError, UnauthenticatedError } from './errors.js';
import { bodySha256, verifyGatewayProof } from './gateway-proof.js';
import type { Identity } from './identity.js';
import { sendJsonError } from './http-errors.js';
import { requestSignal } from './request-deadline.js';
import type { RequestScope } from './request-scope.js';
import { readTrace, REQUEST_ID_HEADER, type RequestTrace } from './request-trace.js';

/** What a server decided about a request from its headers, before reading its body. */
export interface Admission {
  identity: Identity | null;
  trace: RequestTrace;
  /** How long the request may take from now, in ms. */
  timeoutMs: number;
  /** When set, the body must hash to it (base64url SHA-256), or the request is refused. */
  bodySha256?: string;
}

/**
 * Decides whether a request is served and for whom, from its headers alone (so a refused
 * request costs no body parsing). Throws UnauthenticatedError (401) to refuse, or another
 * DomainError (SERVICE_UNAVAILABLE: 503, when a key source cannot be reached).
 */
export type Admit = (headers: IncomingHttpHeaders) => Promise<Admission>;

/**
 * A subgraph's admission: only requests that carry a valid gateway proof for it (see
 * gateway-proof.ts). Identity, trace and deadline come from the proof, never from plain headers.
 */
export function gatewayProofAdmission(secret: string, subgraph: string): Admit {
  return async (headers) => {
    const token = bearerToken(headers.authorization);
    if (!token) throw new UnauthenticatedError(`the ${subgraph} subgraph answers the gateway only: this request carries no gateway proof`);
    const proof = await verifyGatewayProof(secret, subgraph, token);
    return { identity: proof.identity, trace: proof.trace, timeoutMs: proof.timeoutMs, bodySha256: proof.bodySha256 };
  };
}

const STATUS: Partial<Record<string, number>> = { UNAUTHENTICATED: 401, SERVICE_UNAVAILABLE: 503 };

/** Answers a refused request as a GraphQL response would: JSON, `errors` with a code and the reason, and the HTTP status that goes with it. */
function refuse(res: ServerResponse, error: DomainError): void {
  const status = STATUS[error.code] ?? 400;
  if (status === 401) res.setHeader('www-authenticate', 'Bearer realm="telepulse"');
  sendJsonError(res, status, error.message, { ...error.details, code: error.code });
}

/** The scope of an admitted request, whose signal and end follow `res`. */
export function admittedScope(admission: Admission, res: ServerResponse): RequestScope {
  return {
    trace: admission.trace,
    identity: admission.identity,
    signal: requestSignal(res, admission.timeoutMs),
    deadline: Date.now() + admission.timeoutMs,
    // 'close' follows 'finish' on a sent response and also fires for one the client abandoned.
    onEnd: (listener) => void res.once('close', listener),
  };
}

/**
 * Runs `admit` on a request's headers. Admitted: marks the answer with the request's id and
 * resolves with the admission. Refused (a DomainError): answers the request with its code and
 * resolves undefined. Any other error is thrown. Every answer carries `x-request-id`.
 */
export async function admitRequest(admit: Admit, req: IncomingMessage, res: ServerResponse): Promise<Admission | undefined> {
  let admission: Admission;
  try {
    admission = await admit(req.headers);
  } catch (error) {
    // The id the client sent (a fresh one otherwise): read here, not before every admission, which reads it itself.
    res.setHeader(REQUEST_ID_HEADER, readTrace((name) => req.headers[name]).requestId);
    if (error instanceof DomainError) return void refuse(res, error);
    throw error;
  }
  res.setHeader(REQUEST_ID_HEADER, admission.trace.requestId);
  return admission;
}

/** Refuses a request whose body is not the one its admission was granted for (`bodySha256`); false when it is. */
export function refuseForeignBody(admission: Pick<Admission, 'bodySha256'>, body: Buffer, res: ServerResponse): boolean {
  if (admission.bodySha256 === undefined || bodySha256(body) === admission.bodySha256) return false;
  refuse(res, foreignBody());
  return true;
}

const foreignBody = () => new UnauthenticatedError('the gateway proof was minted for another request body');

/**
 * Express middleware, before the body parser: admits the request (admitRequest); on success
 * attaches its scope (trace, identity, a signal that aborts at its deadline or when the client
 * goes away) to `res.locals.scope`.
 */
export function admitRequests(admit: Admit) {
  return async (req: Request, res: Response, next: NextFunction) => {
    let admission: Admission | undefined;
    try {
      admission = await admitRequest(admit, req, res);
    } catch (error) {
      return next(error);
    }
    if (!admission) return;
    res.locals.scope = admittedScope(admission, res);
    res.locals.expectedBodySha256 = admission.bodySha256;
    next();
  };
}

/** The body parser's `verify` hook: records the raw body's digest when the admission asked for one. */
export function recordBodyDigest(_req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  // express hands the body parser its own Response, which carries `locals`.
  const { locals } = res as Response;
  if (locals.expectedBodySha256 !== undefined) locals.bodySha256 = bodySha256(body);
}

/** Express middleware, after the body parser: refuses a body other than the one the admission was granted for. */
export function checkBodyDigest(_req: Request, res: Response, next: NextFunction): void {
  const expected = res.locals.expectedBodySha256 as string | undefined;
  if (expected !== undefined && res.locals.bodySha256 !== expected) return refuse(res, foreignBody());
  next();
}

/** The scope `admitRequests` attached to a response. */
export const scopeOfResponse = (res: Response) => res.locals.scope as RequestScope;
