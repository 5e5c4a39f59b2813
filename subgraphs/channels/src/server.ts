import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { mongoProbe } from '@telepulse/platform/probes';
import { createContext, type Context } from './context.js';
import { channelLimits, loadEnv } from './env.js';
import { resolvers } from './resolvers/index.js';
import { ChannelStore } from './store/channel-store.js';

/** Builds the channels subgraph's runtime over its database; starts nothing. */
export async function createRuntime({ db, env }: SubgraphDeps): Promise<SubgraphRuntime<Context>> {
  const limits = channelLimits(loadEnv(env));
  const store = new ChannelStore(db);
  return { resolvers, context: ({ signal }) => createContext(store, limits, signal), probes: [mongoProbe(db)] };
}
