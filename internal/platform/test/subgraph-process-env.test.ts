import { describe, expect, it } from 'vitest';
import { readSubgraphProcessEnv } from '../src/env.js';

describe("a subgraph process's environment", () => {
  it("listens on <NAME>_PORT when set, else on the manifest's port", () => {
    expect(readSubgraphProcessEnv('channels', 4001, { MONGODB_URI: 'mongodb://db', CHANNELS_PORT: '4201' })).toMatchObject({ port: 4201, HOST: '127.0.0.1' });
    expect(readSubgraphProcessEnv('channels', 4001, { MONGODB_URI: 'mongodb://db', ENGAGEMENT_PORT: '4202' }).port).toBe(4001);
  });

  it('names every bad variable at once', () => {
    expect(() => readSubgraphProcessEnv('channels', 4001, { CHANNELS_PORT: 'abc' })).toThrow(/MONGODB_URI="": is required[\s\S]*CHANNELS_PORT="abc"/);
  });
});
