import { buildOperationContext, type executeQueryPlan } from '@apollo/gateway';
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';

/** The operation as `executeQueryPlan` takes it (@apollo/gateway does not export the type). */
type OperationContext = Parameters<typeof executeQueryPlan>[3];

/** How many distinct subscription documents keep their plan per schema (the least recently used goes first). */
const PLAN_CACHE_SIZE = 500;

/**
 * A subscription's plan: `primary` is the subscription the owning subgraph serves (selecting,
 * beside the client's fields, the keys the rest needs); `rest`, when other subgraphs own part of
 * the selection, is run once per event, on the event's data.
 */
export interface SubscriptionPlan {
  primary: FetchNode;
  rest: PlanNode | undefined;
  /** The operation as the executor needs it (`executeQueryPlan`'s operationContext). */
  operationContext: OperationContext;
}

/**
 * The supergraph's planner for subscriptions, one per loaded schema: @apollo/gateway plans
 * subscriptions (a `SubscriptionNode`) but keeps its planner private and refuses to execute
 * them, so the gateway builds its own from the same core supergraph SDL (onSchemaLoadOrUpdate)
 * and the same query planner version. Plans are cached per document text and operation name;
 * a new schema gets a new planner, so no plan outlives its schema.
 */
export class SubscriptionPlanner {
  /** The supergraph schema, as `executeQueryPlan` takes it. */
  readonly supergraphSchema: GraphQLSchema;
  /** The API schema, as `executeQueryPlan` takes it. */
  readonly api: Schema;
  private readonly planner: QueryPlanner;
  private readonly cache = new Map<string, SubscriptionPlan>();

  constructor(
    coreSupergraphSdl: string,
    /** The API schema clients' operations are validated against (the gateway's, with its extensions). */
    readonly apiSchema: GraphQLSchema,
  ) {
    const supergraph = Supergraph.build(coreSupergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.api = supergraph.apiSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  /**
   * The plan of a validated subscription document (`source` is its text, the cache key). Throws
   * a coded GraphQLError when the planner gives no subscription plan (a `@defer` in it, say).
   */
  plan(source: string, document: DocumentNode, operationName: string | undefined): SubscriptionPlan {
    const key = `${operationName ?? ''}\u0000${source}`;
    const cached = this.cache.get(key);
    if (cached) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const planned = this.build(document, operationName);
    this.cache.set(key, planned);
    if (this.cache.size > PLAN_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return planned;
  }

  private build(document: DocumentNode, operationName: string | undefined): SubscriptionPlan {
    const operationContext = buildOperationContext({ schema: this.apiSchema, operationDocument: document, operationName });
    let plan: QueryPlan;
    try {
      plan = this.planner.buildQueryPlan(operationFromDocument(this.api, document, { operationName }));
    } catch (error) {
      throw new GraphQLError(`the subscription cannot be planned: ${(error as Error).message}`, {
        extensions: { code: 'OPERATION_NOT_SUPPORTED' },
        originalError: error as Error,
      });
    }
    const node = plan.node;
    if (node?.kind !== 'Subscription') {
      throw new GraphQLError(`the subscription was planned as a ${node?.kind ?? 'empty'} plan, not a subscription one: the gateway can only run a plan that opens one upstream subscription`, {
        extensions: { code: 'OPERATION_NOT_SUPPORTED' },
      });
    }
    return { primary: node.primary, rest: node.rest, operationContext };
  }
}
