import { describe, expect, it } from 'vitest';
import { splitTokenFromHash } from '../src/api/token.js';

describe('the token in the dashboard URL', () => {
  it('takes it from #token=…, leaving no hash', () => {
    expect(splitTokenFromHash('#token=abc.def.ghi')).toEqual({ token: 'abc.def.ghi', rest: '' });
  });

  it('takes it from a route’s query, keeping the route and the other parameters', () => {
    expect(splitTokenFromHash('#/models/engagement?token=t1')).toEqual({ token: 't1', rest: '#/models/engagement' });
    expect(splitTokenFromHash('#/channels?a=1&token=t2&b=2')).toEqual({ token: 't2', rest: '#/channels?a=1&b=2' });
    expect(splitTokenFromHash('#/channels?token=t3&b=2')).toEqual({ token: 't3', rest: '#/channels?b=2' });
  });

  it('decodes it, and leaves a hash without one as it is', () => {
    expect(splitTokenFromHash('#token=a%2Bb')).toEqual({ token: 'a+b', rest: '' });
    expect(splitTokenFromHash('#/channels/demo-1')).toEqual({ token: null, rest: '#/channels/demo-1' });
    expect(splitTokenFromHash('')).toEqual({ token: null, rest: '' });
  });

  it('drops an empty token= without keeping anything', () => {
    expect(splitTokenFromHash('#token=')).toEqual({ token: null, rest: '' });
  });
});
