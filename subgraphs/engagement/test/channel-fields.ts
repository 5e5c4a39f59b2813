/**
 * Runs the engagement subgraph's own schema (its SDL and resolvers) on a Channel representation,
 * as the gateway sends one, with the committed engagement model behind it: the Channel fields
 * that store nothing need only the model.
 */
import { graphql, type ExecutionResult } from 'graphql';
import { buildSchemaFromSdl } from '@telepulse/platform/subgraph-schema';
import { readSubgraphSdl } from '@telepulse/platform/subgraph-manifest';
import { simulateChannels, type PostRecord } from '@telepulse/dataset';
import { readEngagementArtifact } from '@telepulse/models/engagement/artifact';
import { EngagementPipeline } from '@telepulse/models/engagement/pipeline';
import { BatchedOnnxModel } from '@telepulse/models/runtime/batched-onnx-model';
import engagement from '../subgraph.js';
import { resolvers } from '../src/resolvers/index.js';
import type { Context } from '../src/context.js';

/** The committed model on one CPU thread, batching up to `maxBatchSize` requests per run. */
export async function committedPipeline(maxBatchSize: number): Promise<EngagementPipeline> {
  const artifact = await readEngagementArtifact();
  const model = await BatchedOnnxModel.load({ onnx: artifact.onnx, metadata: artifact.metadata, source: 'artifact', executionProvider: 'cpu', threads: 1, batching: { maxBatchSize } });
  return new EngagementPipeline(model);
}

/** A simulated channel's latest 32 posts, newest first (ties: larger id first), as Channel.recentPosts gives them. */
export function recentPosts(seed: number): PostRecord[] {
  const [channel] = simulateChannels({ seed, channels: 1, days: 30, idPrefix: 'fields' });
  return [...channel!.posts].sort((a, b) => b.postedAt.localeCompare(a.postedAt) || b.id.localeCompare(a.id)).slice(0, 32);
}

const schema = buildSchemaFromSdl(readSubgraphSdl(engagement), resolvers);

/** `selection` on the Channel `{ id, recentPosts }` through `_entities`, with a context holding only the model and the clock. */
export function onChannel(predictor: EngagementPipeline, posts: readonly unknown[], selection: string, now = new Date('2024-12-31T12:00:00Z')): Promise<ExecutionResult> {
  const context = { predictor, now: () => now } as Partial<Context>;
  return graphql({
    schema,
    source: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Channel { ${selection} } } }`,
    variableValues: { r: [{ __typename: 'Channel', id: 'fields-1', recentPosts: posts }] },
    contextValue: context,
  });
}
