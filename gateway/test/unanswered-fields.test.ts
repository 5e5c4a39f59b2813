import { describe, expect, it } from 'vitest';
import { unansweredFieldErrors } from '../src/unanswered-fields.js';

const failure = { message: 'the growth subgraph is unavailable: unreachable (ECONNREFUSED)', extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'growth' } };

describe('unansweredFieldErrors', () => {
  it('places the failure on each field of each entity an entity fetch asked for, aliases and fragments included, __typename left out', () => {
    const query = `query($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Channel { __typename growthForecast(days: 7) { points { date } } week: growthForecast(days: 7) { days } ...Patterns }
      }
    }
    fragment Patterns on Channel { growthPatterns { days } growthForecast(days: 7) { days } }`;
    const errors = unansweredFieldErrors({ query, variables: { representations: [{ __typename: 'Channel', id: 'a' }, { __typename: 'Channel', id: 'b' }] } }, failure);
    expect(errors.map((e) => e.path)).toEqual([
      ['_entities', 0, 'growthForecast'],
      ['_entities', 0, 'week'],
      ['_entities', 0, 'growthPatterns'],
      ['_entities', 1, 'growthForecast'],
      ['_entities', 1, 'week'],
      ['_entities', 1, 'growthPatterns'],
    ]);
    expect(errors[1]).toEqual({
      message: 'Channel.growthForecast is missing: the growth subgraph is unavailable: unreachable (ECONNREFUSED)',
      path: ['_entities', 0, 'week'],
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'growth' },
    });
    expect(errors[2]!.message).toMatch(/^Channel\.growthPatterns is missing: /);
  });

  it('places the failure on each root field of a root fetch, mutations named as such', () => {
    const query = 'query($ids: [ID!]!) { channels(ids: $ids) { id } __typename listChannels { id } }';
    expect(unansweredFieldErrors({ query, variables: { ids: ['a'] } }, failure).map((e) => [e.path, e.message.split(' ')[0]])).toEqual([
      [['channels'], 'Query.channels'],
      [['listChannels'], 'Query.listChannels'],
    ]);
    const mutation = 'mutation { forecastGrowth(channelId: "a", days: 7) { id } }';
    expect(unansweredFieldErrors({ query: mutation }, failure).map((e) => [e.path, e.message.split(' ')[0]])).toEqual([[['forecastGrowth'], 'Mutation.forecastGrowth']]);
  });

  it('places nothing for a fetch that asks for nothing but __typename, or has no operation', () => {
    expect(unansweredFieldErrors({ query: '{ __typename }' }, failure)).toEqual([]);
    expect(unansweredFieldErrors({ query: 'fragment F on Channel { id }' }, failure)).toEqual([]);
    expect(unansweredFieldErrors({}, failure)).toEqual([]);
  });
});
