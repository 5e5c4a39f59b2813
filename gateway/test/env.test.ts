import { describe, expect, it } from 'vitest';
import { limitSettings } from '@telepulse/platform/env';
import { gatewayAdaptation, gatewayLimits, gatewaySubscriptions, gatewayTransport, loadEnv, subscriptionSettings } from '../src/env.js';

const SUBGRAPH_SECRET = 'the-subgraph-secret-of-32-characters-or-more';
const AUTH_JWT_SECRET = 'the-user-token-secret-of-32-characters-or-more';
const keys = { AUTH_JWT_SECRET, SUBGRAPH_SECRET };

describe("the gateway's environment", () => {
  it('reads the token keys, the subgraph secret and the deadline (30 s by default)', () => {
    expect(loadEnv(keys)).toMatchObject({ AUTH_JWT_SECRET, SUBGRAPH_SECRET, GATEWAY_DEADLINE_MS: 30_000 });
    expect(loadEnv({ AUTH_JWKS_URL: 'https://id.example/jwks.json', SUBGRAPH_SECRET, GATEWAY_DEADLINE_MS: '5000' })).toMatchObject({ GATEWAY_DEADLINE_MS: 5000 });
  });

  it('refuses to start without a key for client tokens or without SUBGRAPH_SECRET, naming both', () => {
    expect(() => loadEnv({})).toThrow(/SUBGRAPH_SECRET="": is required[\s\S]*AUTH_JWT_SECRET="": client tokens need a key: set AUTH_JWT_SECRET .* or AUTH_JWKS_URL/);
  });

  it('refuses one secret for both purposes, and a deadline too short for a round trip', () => {
    expect(() => loadEnv({ AUTH_JWT_SECRET, SUBGRAPH_SECRET: AUTH_JWT_SECRET })).toThrow(/SUBGRAPH_SECRET=<\d+ characters, hidden>: must differ from AUTH_JWT_SECRET/);
    expect(() => loadEnv({ ...keys, GATEWAY_DEADLINE_MS: '50' })).toThrow(/GATEWAY_DEADLINE_MS="50": must be at least 1000/);
  });
});

describe("the gateway's limit settings", () => {
  it('reads every limit from its variable, with defaults for the rest', () => {
    const limits = gatewayLimits(loadEnv({ ...keys, MAX_DEPTH: '4', MAX_COST: '200', RATE_LIMIT_REQUESTS: '0', MAX_REQUEST_BYTES: '1024', NODE_ENV: 'production' }));
    expect(limits).toEqual({
      serving: { production: true, maxRequestBytes: 1024 },
      operation: { maxDepth: 4, maxAliases: 30, maxRootFields: 20, maxDirectives: 50, maxTokens: 2000, maxCost: 200 },
      rate: { requests: 0, windowSeconds: 60 },
    });
  });

  it('names every bad limit at once', () => {
    expect(() => loadEnv({ ...keys, MAX_DEPTH: 'deep', RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(/MAX_DEPTH="deep"[\s\S]*RATE_LIMIT_WINDOW_SECONDS="0"/);
  });

  it('reads where replicas share the rate limit (a redis:// URL) and refuses anything else', () => {
    expect(gatewayLimits(loadEnv({ ...keys, RATE_LIMIT_REDIS_URL: 'redis://redis:6379/2' })).rate.redisUrl?.href).toBe('redis://redis:6379/2');
    expect(gatewayLimits(loadEnv({ ...keys, RATE_LIMIT_REDIS_URL: '' })).rate.redisUrl).toBeUndefined();
    expect(() => loadEnv({ ...keys, RATE_LIMIT_REDIS_URL: 'nats://nats:4222' })).toThrow(/RATE_LIMIT_REDIS_URL="nats:\/\/nats:4222": must be redis:\/\/host:port/);
  });

  it('pnpm start hands on the limits set for it, and nothing else', () => {
    expect(limitSettings({ MAX_DEPTH: '4', RATE_LIMIT_REQUESTS: '10', MONGODB_URI: 'mongodb://x', HOME: '/root' })).toEqual({ MAX_DEPTH: '4', RATE_LIMIT_REQUESTS: '10' });
  });
});

describe("the gateway's subscription settings", () => {
  it('reads each from its variable, with defaults for the rest, and names a bad one', () => {
    expect(gatewaySubscriptions(loadEnv({ ...keys, SUBSCRIPTION_RETRY_ATTEMPTS: '0', SUBSCRIPTION_MAX_PENDING_EVENTS: '7' }))).toEqual({
      keepAliveMs: 10_000,
      retryAttempts: 0,
      retryWaitMs: 500,
      maxPendingEvents: 7,
    });
    expect(() => loadEnv({ ...keys, SUBSCRIPTION_MAX_PENDING_EVENTS: '0' })).toThrow(/SUBSCRIPTION_MAX_PENDING_EVENTS="0"/);
  });

  it('pnpm start hands on the subscription settings set for the gateway, and nothing else', () => {
    expect(subscriptionSettings({ SUBSCRIPTION_RETRY_WAIT_MS: '100', SUBSCRIPTION_OTHER: 'x', MAX_DEPTH: '4' })).toEqual({ SUBSCRIPTION_RETRY_WAIT_MS: '100' });
  });
});

describe("the adaptive pipeline's settings", () => {
  it('starts on MEDIUM drift alerts with no schedule by default, and reads each setting', () => {
    expect(gatewayAdaptation(loadEnv(keys))).toEqual({ scheduleMs: 0, onDrift: true, minSeverity: 'MEDIUM', jobTimeoutMs: 600_000, pollMs: 1000 });
    expect(
      gatewayAdaptation(loadEnv({ ...keys, ADAPTATION_SCHEDULE_MS: '60000', ADAPTATION_ON_DRIFT: 'false', ADAPTATION_MIN_SEVERITY: 'HIGH', ADAPTATION_JOB_TIMEOUT_MS: '5000', ADAPTATION_POLL_MS: '50' })),
    ).toEqual({ scheduleMs: 60_000, onDrift: false, minSeverity: 'HIGH', jobTimeoutMs: 5000, pollMs: 50 });
  });

  it('refuses a severity or switch it does not know, naming it; `pnpm start` hands the ADAPTATION_* ones on', () => {
    expect(() => loadEnv({ ...keys, ADAPTATION_MIN_SEVERITY: 'NONE' })).toThrow(/ADAPTATION_MIN_SEVERITY="NONE": must be LOW, MEDIUM or HIGH/);
    expect(() => loadEnv({ ...keys, ADAPTATION_ON_DRIFT: 'yes' })).toThrow(/ADAPTATION_ON_DRIFT="yes": must be true or false/);
    expect(subscriptionSettings({ ADAPTATION_ON_DRIFT: 'false', OTHER: 'x' })).toEqual({ ADAPTATION_ON_DRIFT: 'false' });
  });
});

describe("the gateway's transport settings", () => {
  it('deduplicates and keeps 64 connections per subgraph by default; reads both from their variables', () => {
    expect(gatewayTransport(loadEnv(keys))).toEqual({ dedup: true, maxSockets: 64 });
    expect(gatewayTransport(loadEnv({ ...keys, GATEWAY_DEDUP: 'false', SUBGRAPH_MAX_SOCKETS: '8' }))).toEqual({ dedup: false, maxSockets: 8 });
  });

  it('refuses a GATEWAY_DEDUP that is not true or false and a pool of no connections, naming both', () => {
    expect(() => loadEnv({ ...keys, GATEWAY_DEDUP: 'yes', SUBGRAPH_MAX_SOCKETS: '0' })).toThrow(/GATEWAY_DEDUP="yes": must be true or false[\s\S]*SUBGRAPH_MAX_SOCKETS="0"/);
  });

  it('pnpm start hands both on to the gateway', () => {
    expect(subscriptionSettings({ GATEWAY_DEDUP: 'false', SUBGRAPH_MAX_SOCKETS: '8', HOME: '/root' })).toEqual({ GATEWAY_DEDUP: 'false', SUBGRAPH_MAX_SOCKETS: '8' });
  });
});
