/**
 * The ingest poller's reads through the gateway: the latest served predictions of every catalog
 * model whose outcome is an engagement rate (`recent` fields, one request, aliased), and for
 * each, its channel's latest post at or before its postedAt (one request per POSTS_PER_REQUEST
 * predictions, aliased `channels(ids:)`, each alias with its own `before`, which answers null for a channel that does not exist instead of an
 * error). Built at runtime, checked here against the shapes asked for.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { z } from 'zod';
import type { CatalogModel } from '@telepulse/models/catalog/model-catalog';
import type { ReadScope, SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { IngestedPost } from '../domain/ingest-outcomes.js';
import type { ServedPredictionView } from '../domain/served-prediction.js';
import { fromWire, SERVED_PREDICTION_FRAGMENT, servedPredictionShape } from './served-predictions.js';

/**
 * Predictions whose post one request looks up: one aliased root field each, within the gateway's
 * default operation limits (MAX_ROOT_FIELDS 20, MAX_ALIASES 30, MAX_COST 1,000).
 */
export const POSTS_PER_REQUEST = 16;

export interface IngestReader {
  /** Served predictions created since `since`, newest first, at most `limit` per model. */
  recent(since: Date, limit: number, scope: ReadScope): Promise<ServedPredictionView[]>;
  /** Per prediction id, its channel's latest post at or before its postedAt; null when none. */
  postsAt(predictions: readonly (ServedPredictionView & { postedAt: Date })[], scope: ReadScope): Promise<Map<string, IngestedPost | null>>;
}

const post = z.object({ postedAt: z.string(), views: z.number(), forwards: z.number().nullable(), replies: z.number(), reactions: z.number() });
const postsAnswer = z.record(z.string(), z.array(z.object({ posts: z.array(post) }).nullable()).nullable());

export function supergraphIngestReads(client: SupergraphClient, models: readonly (CatalogModel & { recent: string })[]): IngestReader {
  const recentDocument = parse(
    `query RecentServed($since: DateTime!, $limit: Int!) {\n${models.map((m, i) => `  m${i}: ${m.recent}(since: $since, limit: $limit) { ...ServedPrediction }`).join('\n')}\n}\n${SERVED_PREDICTION_FRAGMENT}`,
  ) as TypedDocumentNode<unknown, { since: string; limit: number }>;
  const recentAnswer = z.record(z.string(), z.array(servedPredictionShape));
  return {
    async recent(since, limit, scope) {
      if (models.length === 0) return [];
      const data = recentAnswer.parse(await client.request(recentDocument, { since: since.toISOString(), limit }, scope));
      return models.flatMap((_, i) => (data[`m${i}`] ?? []).flatMap((p) => fromWire(p) ?? []));
    },
    async postsAt(predictions, scope) {
      const found = new Map<string, IngestedPost | null>();
      for (let start = 0; start < predictions.length; start += POSTS_PER_REQUEST) {
        const chunk = predictions.slice(start, start + POSTS_PER_REQUEST);
        const variables: Record<string, unknown> = {};
        const declarations: string[] = [];
        const fields = chunk.map((p, i) => {
          variables[`c${i}`] = p.channelId;
          // The post published at postedAt is the newest one before the next millisecond.
          variables[`b${i}`] = new Date(p.postedAt.getTime() + 1).toISOString();
          declarations.push(`$c${i}: ID!`, `$b${i}: DateTime!`);
          return `  p${i}: channels(ids: [$c${i}]) { posts(limit: 1, before: $b${i}) { postedAt views forwards replies reactions } }`;
        });
        const document = parse(`query PostsAt(${declarations.join(', ')}) {\n${fields.join('\n')}\n}`) as TypedDocumentNode<unknown, Record<string, unknown>>;
        const data = postsAnswer.parse(await client.request(document, variables, scope));
        chunk.forEach((p, i) => {
          const latest = data[`p${i}`]?.[0]?.posts[0];
          found.set(p.id, latest ? { ...latest, postedAt: new Date(latest.postedAt) } : null);
        });
      }
      return found;
    },
  };
}
