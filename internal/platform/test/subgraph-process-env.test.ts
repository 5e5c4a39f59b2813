import { describe, expect, it } from 'vitest';
import { readSubgraphProcessEnv } from '../src/env.js';

const SUBGRAPH_SECRET = 'a-subgraph-secret-of-at-least-32-characters';

describe("a subgraph process's environment", () => {
  it("listens on <NAME>_PORT when set, else on the manifest's port", () => {
    expect(readSubgraphProcessEnv('channels', 4001, { MONGODB_URI: 'mongodb://db', CHANNELS_PORT: '4201', SUBGRAPH_SECRET })).toMatchObject({ port: 4201, HOST: '127.0.0.1' });
    expect(readSubgraphProcessEnv('channels', 4001, { MONGODB_URI: 'mongodb://db', ENGAGEMENT_PORT: '4202', SUBGRAPH_SECRET }).port).toBe(4001);
  });

  it('names every bad variable at once', () => {
    expect(() => readSubgraphProcessEnv('channels', 4001, { CHANNELS_PORT: 'abc', SUBGRAPH_SECRET })).toThrow(/MONGODB_URI="": is required[\s\S]*CHANNELS_PORT="abc"/);
  });

  it('refuses to start without SUBGRAPH_SECRET, or with a short one, and never prints it', () => {
    expect(() => readSubgraphProcessEnv('channels', 4001, { MONGODB_URI: 'mongodb://db' })).toThrow(/SUBGRAPH_SECRET="": is required: the secret the gateway signs subgraph requests with/);
    const short = () => readSubgraphProcessEnv('channels', 4001, { MONGODB_URI: 'mongodb://db', SUBGRAPH_SECRET: 'hunter2' });
    expect(short).toThrow(/SUBGRAPH_SECRET=<7 characters, hidden>: must be at least 32 characters/);
    expect(short).not.toThrow(/hunter2/);
  });
});
