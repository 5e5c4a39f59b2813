import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The deployed models, from `models/catalog.json`: the one list feedback, monitoring and drift
 * iterate, so adding a model is an entry there (plus the served-prediction fields its own
 * subgraph exposes), not a change to them. Plain data; no GraphQL, no MongoDB.
 */

/** What the observed outcome of a model's prediction is, and so which error metrics judge it. */
export const OUTCOME_KINDS = ['ENGAGEMENT_RATE', 'SUBSCRIBER_COUNT', 'VIRAL'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

const fieldName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a GraphQL field name');

const catalogModel = z.object({
  /** The Model entity's id, e.g. `engagement`; also its registry name. */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  description: z.string().min(1),
  /** The subgraph that serves it. */
  subgraph: z.string().min(1),
  /** Null for a model whose predictions are not stored (it takes no feedback). */
  outcome: z.enum(OUTCOME_KINDS).nullable(),
  /** Root Query field `(ids: [ID!]!): [ServedPrediction]!`: stored predictions by id, null for an unknown id. */
  served: fieldName.nullable(),
  /** Root Query field `(since: DateTime!, limit: Int!): [ServedPrediction!]!`: the latest served, newest first. */
  recent: fieldName.nullable(),
  /** Root Query field `: ServingStats!`: the serving path's counters since the serving process started. */
  serving: fieldName,
  /** Monitoring's default alert thresholds (null: no such alert). */
  alerts: z.object({
    /** The model's error metric (MAE for ENGAGEMENT_RATE, MASE for SUBSCRIBER_COUNT, Brier for VIRAL) above this raises an alert. */
    errorAbove: z.number().positive().nullable(),
    /** p99 serving latency above this many ms raises an alert. */
    latencyP99AboveMs: z.number().positive().nullable(),
    /** The error rising in this many consecutive trend buckets raises an alert. */
    risingBuckets: z.number().int().min(2),
  }),
});

export type CatalogModel = z.infer<typeof catalogModel>;

const catalogFile = z.object({ models: z.array(catalogModel).min(1) }).superRefine((file, ctx) => {
  const seen = new Set<string>();
  for (const [i, model] of file.models.entries()) {
    if (seen.has(model.id)) ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `duplicate model id ${model.id}` });
    seen.add(model.id);
    if ((model.outcome === null) !== (model.served === null) || (model.served === null) !== (model.recent === null)) {
      ctx.addIssue({ code: 'custom', path: ['models', i], message: 'outcome, served and recent are all set or all null' });
    }
  }
});

/** Where the catalog is: `models/catalog.json`. */
export const CATALOG_PATH = join(import.meta.dirname, '..', '..', 'catalog.json');

/** Parses a catalog's JSON text; throws naming the entry and the rule it breaks. */
export function parseModelCatalog(text: string, source = CATALOG_PATH): readonly CatalogModel[] {
  const parsed = catalogFile.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`${source}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data.models;
}

let cached: readonly CatalogModel[] | undefined;

/** The committed catalog (read once per process). */
export function modelCatalog(): readonly CatalogModel[] {
  cached ??= parseModelCatalog(readFileSync(CATALOG_PATH, 'utf8'));
  return cached;
}

/** The catalog entry of `id`, or undefined. */
export function catalogModelById(id: string): CatalogModel | undefined {
  return modelCatalog().find((model) => model.id === id);
}

/** The models that take feedback (their predictions are stored and have an outcome kind). */
export function modelsWithFeedback(): readonly (CatalogModel & { outcome: OutcomeKind; served: string; recent: string })[] {
  return modelCatalog().filter((m): m is CatalogModel & { outcome: OutcomeKind; served: string; recent: string } => m.outcome !== null);
}
