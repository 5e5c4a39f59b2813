import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import type { RequestScope } from '@telepulse/platform/request-scope';
import { BoundedQueue } from './bounded-queue.js';
import { ReplayDataSource } from './replay-data-source.js';
import type { SubscriptionPlan, SubscriptionPlanner } from './subscription-planner.js';
import type { OpenUpstream } from './upstream-subscriptions.js';

/** One client subscription, validated and planned. */
export interface PlannedOperation {
  planner: SubscriptionPlanner;
  plan: SubscriptionPlan;
  /** The document's text, as the client sent it. */
  source: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

/** What running a subscription needs besides the operation. */
export interface SubscriptionRuntime {
  /** The subgraphs' data sources, as the gateway's HTTP path uses them (proofs, deadlines, unavailable subgraphs as errors). */
  dataSources: ReadonlyMap<string, GraphQLDataSource>;
  open: OpenUpstream;
  /**
   * The scope one event's fetches carry (identity, trace, deadline), asked for each event; it
   * throws, a coded GraphQLError, to end the subscription (a token that has expired since).
   */
  scopeOfEvent(): Promise<RequestScope>;
  /** Events an upstream may get ahead of the client before the subscription ends with SUBSCRIPTION_OVERFLOW. */
  maxPendingEvents: number;
  logger?: GatewayGraphQLRequestContext['logger'];
}

/**
 * Runs a planned subscription: opens the plan's primary subscription on the subgraph that owns
 * it and, for each event it sends, runs `Sequence[primary, rest]` with the primary answered by
 * the event itself (ReplayDataSource), so the fields other subgraphs own are fetched as for any
 * query; results are yielded in the order the events came. An entity fetch that fails gives
 * that event partial data and errors, and the subscription goes on; the upstream failing (after
 * its reconnections), a token that expired or a client too far behind ends it with an error.
 * Returning the iterator (unsubscribe, the socket closing) ends the upstream subscription, at
 * once even while no event is coming.
 */
export function executeSubscription(operation: PlannedOperation, runtime: SubscriptionRuntime): AsyncGenerator<GatewayExecutionResult, void, undefined> {
  const { plan } = operation;
  const { primary } = plan;
  const queue = new BoundedQueue<GatewayGraphQLResponse>(
    runtime.maxPendingEvents,
    (capacity) =>
      new GraphQLError(`the subscription ended: more than ${capacity} events were waiting to be sent, the client reads them more slowly than they come`, {
        extensions: { code: 'SUBSCRIPTION_OVERFLOW', limit: capacity },
      }),
  );
  const queryPlan: QueryPlan = { kind: 'QueryPlan', node: { kind: 'Sequence', nodes: plan.rest ? [primary, plan.rest] : [primary] } };

  const runEvent = async (event: GatewayGraphQLResponse): Promise<GatewayExecutionResult> => {
    const scope = await runtime.scopeOfEvent();
    const serviceMap: ServiceMap = Object.fromEntries(runtime.dataSources);
    serviceMap[primary.serviceName] = new ReplayDataSource(primary, event, runtime.dataSources.get(primary.serviceName));
    const requestContext = {
      request: { query: operation.source, operationName: operation.operationName, variables: operation.variables },
      context: scope,
      logger: runtime.logger ?? console,
      metrics: {},
    } as unknown as GatewayGraphQLRequestContext;
    return executeQueryPlan(queryPlan, serviceMap, requestContext, plan.operationContext, operation.planner.supergraphSchema, operation.planner.api);
  };

  async function* events(): AsyncGenerator<GatewayExecutionResult, void, undefined> {
    const unsubscribe = runtime.open(
      primary.serviceName,
      { query: primary.operation, ...(primary.operationName ? { operationName: primary.operationName } : {}), variables: usedVariables(operation.variables, primary.variableUsages) },
      { next: (event) => queue.push(event), error: (error) => queue.fail(error), complete: () => queue.end() },
    );
    try {
      for (;;) {
        const { value, done } = await queue.next();
        if (done) return;
        yield await runEvent(value);
      }
    } finally {
      queue.close();
      unsubscribe();
    }
  }

  const generator = events();
  // graphql-ws returns the iterator when the client unsubscribes; an async generator waiting on
  // the queue would only see that at its next yield, so the queue is closed first to wake it.
  const promptly: AsyncGenerator<GatewayExecutionResult, void, undefined> = {
    next: () => generator.next(),
    return: (value) => {
      queue.close();
      return generator.return(value);
    },
    throw: (error) => generator.throw(error),
    [Symbol.asyncIterator]: () => promptly,
  };
  return promptly;
}

/** The variables an upstream operation declares, and only those: a subgraph refuses variables it does not know. */
function usedVariables(variables: Record<string, unknown>, usages: readonly string[] | undefined): Record<string, unknown> {
  return Object.fromEntries((usages ?? []).filter((name) => variables[name] !== undefined).map((name) => [name, variables[name]]));
}
