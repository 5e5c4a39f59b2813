/**
 * A section's share of a query's errors. A federated answer is often partial: the channel and
 * its counts arrive while the forecast failed, so each part of a section shows the errors at its
 * own path (`channel.growthForecast`), not the whole query's.
 */
import type { GraphQLFormattedError } from 'graphql';

/** The errors whose path goes through `field` (or, for `field` null, those without a path). */
export function errorsAt(errors: readonly GraphQLFormattedError[], field: string | null): GraphQLFormattedError[] {
  return errors.filter((e) => (field === null ? !e.path || e.path.length === 0 : (e.path ?? []).includes(field)));
}

/** A growth field refused for too short a history: the days there are and those needed (extensions of GROWTH_HISTORY_TOO_SHORT). */
export function historyTooShort(errors: readonly GraphQLFormattedError[]): { days: number; needed: number } | null {
  for (const e of errors) {
    const x = e.extensions ?? {};
    if (x.reason === 'GROWTH_HISTORY_TOO_SHORT' && typeof x.days === 'number' && typeof x.needed === 'number') return { days: x.days, needed: x.needed };
  }
  return null;
}
