/**
 * The channels' daily subscriber counts up to each growth forecast's origin, through the gateway
 * (one request per HISTORIES_PER_REQUEST forecasts, aliased `channels(ids:)`), for MASE's scale
 * (domain/mase-scale.ts). Built at runtime, checked here against the shape asked for.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { z } from 'zod';
import type { ReadScope, SupergraphClient } from '@telepulse/platform/supergraph-client';
import { forecastOrigin, naiveScale } from '../domain/mase-scale.js';
import type { ServedPredictionView } from '../domain/served-prediction.js';

export const HISTORIES_PER_REQUEST = 50;

export interface ScaleReader {
  /** MASE scales of the forecasts whose channel has enough counts before their origin, by prediction id. */
  scales(forecasts: readonly ServedPredictionView[], scope: ReadScope): Promise<Map<string, number>>;
}

const answer = z.record(z.string(), z.array(z.object({ subscriberCounts: z.array(z.object({ date: z.string(), count: z.number() })) }).nullable()).nullable());

export function supergraphCountHistory(client: SupergraphClient): ScaleReader {
  return {
    async scales(forecasts, scope) {
      const scales = new Map<string, number>();
      const dated = forecasts.flatMap((f) => {
        const origin = forecastOrigin(f);
        return origin ? [{ forecast: f, origin }] : [];
      });
      for (let start = 0; start < dated.length; start += HISTORIES_PER_REQUEST) {
        const chunk = dated.slice(start, start + HISTORIES_PER_REQUEST);
        const variables: Record<string, unknown> = {};
        const declarations: string[] = [];
        const fields = chunk.map(({ forecast, origin }, i) => {
          variables[`c${i}`] = forecast.channelId;
          variables[`t${i}`] = origin;
          declarations.push(`$c${i}: ID!`, `$t${i}: Date!`);
          return `  h${i}: channels(ids: [$c${i}]) { subscriberCounts(to: $t${i}) { date count } }`;
        });
        const document = parse(`query CountHistory(${declarations.join(', ')}) {\n${fields.join('\n')}\n}`) as TypedDocumentNode<unknown, Record<string, unknown>>;
        const data = answer.parse(await client.request(document, variables, scope));
        chunk.forEach(({ forecast, origin }, i) => {
          const counts = data[`h${i}`]?.[0]?.subscriberCounts;
          const scale = counts ? naiveScale(counts, origin) : null;
          if (scale !== null) scales.set(forecast.id, scale);
        });
      }
      return scales;
    },
  };
}
