import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { sendJsonError } from '@telepulse/platform/http-errors';

export interface RateLimit {
  /** Requests one caller may make per window; 0: no limit. */
  requests: number;
  windowSeconds: number;
}

/** Whom a request counts against: its bearer token (hashed, never kept), else its client address. */
function callerKey(req: Request): string {
  // The guard runs before the token is verified, so a flood is turned away without a signature
  // check each; a forged token gets a bucket of its own here and a 401 at admission right after.
  const authorization = req.headers.authorization;
  return authorization ? `token:${createHash('sha256').update(authorization).digest('base64url')}` : `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * Express guard: each caller may make `requests` requests per `windowSeconds` (a fixed window
 * per caller, rate-limiter-flexible in memory, so one gateway process counts alone); beyond that,
 * 429 RATE_LIMITED with Retry-After, before the body is even read. None when `requests` is 0.
 */
export function rateLimitGuard(limit: RateLimit): RequestHandler | undefined {
  if (limit.requests === 0) return undefined;
  const limiter = new RateLimiterMemory({ points: limit.requests, duration: limit.windowSeconds });
  return async (req, res, next) => {
    try {
      await limiter.consume(callerKey(req));
      next();
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) return next(rejection);
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      res.setHeader('Retry-After', String(retryAfterSeconds));
      sendJsonError(res, 429, `rate limit exceeded: at most ${limit.requests} requests per ${limit.windowSeconds} s per caller; retry in ${retryAfterSeconds} s`, {
        code: 'RATE_LIMITED',
        retryAfterSeconds,
      });
    }
  };
}
