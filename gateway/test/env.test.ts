import { describe, expect, it } from 'vitest';
import { limitSettings } from '@telepulse/platform/env';
import { gatewayLimits, loadEnv } from '../src/env.js';

describe("the gateway's limit settings", () => {
  it('reads every limit from its variable, with defaults for the rest', () => {
    const limits = gatewayLimits(loadEnv({ MAX_DEPTH: '4', MAX_COST: '200', RATE_LIMIT_REQUESTS: '0', MAX_REQUEST_BYTES: '1024', NODE_ENV: 'production' }));
    expect(limits).toEqual({
      serving: { production: true, maxRequestBytes: 1024 },
      operation: { maxDepth: 4, maxAliases: 30, maxRootFields: 20, maxDirectives: 50, maxTokens: 2000, maxCost: 200 },
      rate: { requests: 0, windowSeconds: 60 },
    });
  });

  it('names every bad limit at once', () => {
    expect(() => loadEnv({ MAX_DEPTH: 'deep', RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(/MAX_DEPTH="deep"[\s\S]*RATE_LIMIT_WINDOW_SECONDS="0"/);
  });

  it('pnpm start hands on the limits set for it, and nothing else', () => {
    expect(limitSettings({ MAX_DEPTH: '4', RATE_LIMIT_REQUESTS: '10', MONGODB_URI: 'mongodb://x', HOME: '/root' })).toEqual({ MAX_DEPTH: '4', RATE_LIMIT_REQUESTS: '10' });
  });
});
