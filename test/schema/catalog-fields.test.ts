import { readFileSync } from 'node:fs';
import { buildSchema, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { modelCatalog, modelsWithFeedback } from '@telepulse/models/catalog/model-catalog';
import { supergraphPath } from '@telepulse/platform/repo-layout';
/**
 * The catalog names supergraph fields that feedback, monitoring and drift query by name at run
 * time: each must exist in the committed supergraph with the type they read.
 */
describe('model catalog against the composed supergraph', () => {
  const supergraph = buildSchema(readFileSync(supergraphPath, 'utf8'));
  const query = supergraph.getQueryType()!.getFields();
  /** `name(arg: Type, …): Type` of a root Query field, or a note that it is missing. */
  const signature = (name: string) => {
    const field = query[name];
    return field ? `${name}(${field.args.map((a) => `${a.name}: ${String(a.type)}`).join(', ')}): ${String(field.type)}` : `${name} is not a Query field of the supergraph`;
  };
  const fieldTypes = (type: string) => {
    const found = supergraph.getType(type);
    return isObjectType(found) ? Object.fromEntries(Object.values(found.getFields()).map((f) => [f.name, String(f.type)])) : `${type} is not an object type of the supergraph`;
  };

  it("has every model's `serving` field, typed ServingStats!, and ServingStats as monitoring reads it", () => {
    for (const model of modelCatalog()) expect(signature(model.serving), model.id).toBe(`${model.serving}(): ServingStats!`);
    expect(fieldTypes('ServingStats')).toEqual({
      model: 'Model!',
      version: 'String!',
      since: 'DateTime!',
      items: 'Int!',
      runs: 'Int!',
      failures: 'Int!',
      latencyP50Ms: 'Float',
      latencyP99Ms: 'Float',
      meanBatchSize: 'Float',
    });
    expect(fieldTypes('Model')).toMatchObject({ id: 'ID!' });
  });

  // The served-prediction fields are composed by another change than the serving counters: this runs from the commit that adds ServedPrediction on.
  it.skipIf(!supergraph.getType('ServedPrediction'))("has every stored model's `served` and `recent` fields with the arguments and types feedback and drift use", () => {
    for (const model of modelsWithFeedback()) {
      expect(signature(model.served), model.id).toBe(`${model.served}(ids: [ID!]!): [ServedPrediction]!`);
      expect(signature(model.recent), model.id).toBe(`${model.recent}(since: DateTime!, limit: Int!): [ServedPrediction!]!`);
    }
  });
});
