import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { HttpGuard } from '@telepulse/platform/graphql-post';
import { sendJsonError } from '@telepulse/platform/http-errors';
import type { RateLimitStore } from './rate-limit-store.js';

export interface RateLimit {
  /** Requests one caller may make per window; 0: no limit. */
  requests: number;
  windowSeconds: number;
}

/**
 * Whom a request counts against: its bearer token (hashed, never kept), else its client address.
 * A subscription's caller is its WebSocket's token (`connectionParams.authorization`) or address.
 */
export function callerKey(authorization: string | undefined, address: string | undefined): string {
  // The guard runs before the token is verified, so a flood is turned away without a signature
  // check each; a forged token gets a bucket of its own here and a 401 at admission right after.
  return authorization ? `token:${createHash('sha256').update(authorization).digest('base64url')}` : `ip:${address ?? 'unknown'}`;
}

/** A refused request: when the caller may try again, and the words that say so. */
export interface RateLimited {
  retryAfterSeconds: number;
  message: string;
}

/** Where the counts live in Redis: `<prefix>:<caller key>`, one key per caller and window. */
const REDIS_KEY_PREFIX = 'telepulse:rate';

/**
 * Each caller may make `requests` requests per `windowSeconds` (a fixed window per caller,
 * rate-limiter-flexible). The counts are in this process, or in `store` (Redis) when given, where
 * every gateway replica counts against the same window; while the store is unreachable each
 * replica counts in its own memory (the limiter's insurance), so requests are neither refused
 * nor let through uncounted, and the shared count resumes once it is back. `consume` counts one
 * request against a caller and resolves with the refusal beyond the limit (undefined within it);
 * `guard` is the HTTP side: 429 RATE_LIMITED with Retry-After, before the body is even read.
 * None when `requests` is 0.
 */
export function rateLimit(limit: RateLimit, store?: RateLimitStore): { consume(caller: string): Promise<RateLimited | undefined>; guard: HttpGuard } | undefined {
  if (limit.requests === 0) return undefined;
  const window = { points: limit.requests, duration: limit.windowSeconds };
  const limiter = store
    ? new RateLimiterRedis({ ...window, storeClient: store.client, keyPrefix: REDIS_KEY_PREFIX, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(window) })
    : new RateLimiterMemory(window);
  const consume = async (caller: string): Promise<RateLimited | undefined> => {
    try {
      await limiter.consume(caller);
      return undefined;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      return { retryAfterSeconds, message: `rate limit exceeded: at most ${limit.requests} requests per ${limit.windowSeconds} s per caller; retry in ${retryAfterSeconds} s` };
    }
  };
  const guard: HttpGuard = async (req, res) => {
    const refused = await consume(callerKey(req.headers.authorization, req.socket.remoteAddress));
    if (!refused) return false;
    res.setHeader('Retry-After', String(refused.retryAfterSeconds));
    sendJsonError(res, 429, refused.message, { code: 'RATE_LIMITED', retryAfterSeconds: refused.retryAfterSeconds });
    return true;
  };
  return { consume, guard };
}
