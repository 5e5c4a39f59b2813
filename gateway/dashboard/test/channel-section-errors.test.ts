import { describe, expect, it } from 'vitest';
import { errorsAt, historyTooShort } from '../src/pages/channel/section-errors.js';

describe('a section’s errors', () => {
  const errors = [
    { message: 'too short', path: ['channel', 'growthForecast'], extensions: { code: 'BAD_USER_INPUT', reason: 'GROWTH_HISTORY_TOO_SHORT', days: 10, needed: 28 } },
    { message: 'down', path: ['channel', 'growthPatterns'], extensions: { code: 'SERVICE_UNAVAILABLE' } },
    { message: 'no path' },
  ];

  it('are those whose path goes through its field', () => {
    expect(errorsAt(errors, 'growthForecast').map((e) => e.message)).toEqual(['too short']);
    expect(errorsAt(errors, null).map((e) => e.message)).toEqual(['no path']);
  });

  it('tell a history too short for the model, with the days there are and needed', () => {
    expect(historyTooShort(errors)).toEqual({ days: 10, needed: 28 });
    expect(historyTooShort(errors.slice(1))).toBeNull();
  });
});
