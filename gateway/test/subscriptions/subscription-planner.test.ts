import { parse, print } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { describe, expect, it } from 'vitest';
import { SubscriptionPlanner } from '../../src/subscriptions/subscription-planner.js';
import { composeFixture } from './fixture-supergraph.js';

const supergraphSdl = composeFixture({ alerts: 'http://alerts.test/graphql', items: 'http://items.test/graphql' });
const apiSchema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
const planner = new SubscriptionPlanner(supergraphSdl, apiSchema);
const SOURCE = 'subscription($min: Int) { alerts(minLevel: $min) { level item { name } } }';

describe('SubscriptionPlanner', () => {
  it('opens the subscription on the subgraph that owns it, selecting the key the rest needs, and fetches the other fields from their owner', () => {
    const { primary, rest } = planner.plan(SOURCE, parse(SOURCE), undefined);
    expect(primary.serviceName).toBe('alerts');
    expect(primary.operationKind).toBe('subscription');
    expect(primary.variableUsages).toEqual(['min']);
    expect(print(parse(primary.operation))).toContain('alerts(minLevel: $min)');
    // Item's key comes with the event, so the items subgraph can be asked for the rest.
    expect(primary.operation).toMatch(/item\s*\{\s*__typename\s+id\s*\}/);
    expect(rest).toMatchObject({ kind: 'Sequence', nodes: [{ kind: 'Flatten', path: ['alerts', 'item'], node: { kind: 'Fetch', serviceName: 'items' } }] });
    expect(JSON.stringify(rest)).toContain('name');
  });

  it('needs no rest when the owning subgraph answers every field', () => {
    const source = 'subscription { alerts { id level } }';
    expect(planner.plan(source, parse(source), undefined).rest).toBeUndefined();
  });

  it('plans a document once per operation, and again for another operation name', () => {
    const twice = 'subscription A { alerts { id } } subscription B { alerts { level } }';
    const a = planner.plan(twice, parse(twice), 'A');
    expect(planner.plan(twice, parse(twice), 'A')).toBe(a);
    const b = planner.plan(twice, parse(twice), 'B');
    expect(b).not.toBe(a);
    expect(b.primary.operation).toContain('level');
  });

  it('refuses a plan that is not a subscription with OPERATION_NOT_SUPPORTED', () => {
    const query = '{ item(id: "1") { name } }';
    expect(() => planner.plan(query, parse(query), undefined)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'OPERATION_NOT_SUPPORTED' }) }));
  });
});
