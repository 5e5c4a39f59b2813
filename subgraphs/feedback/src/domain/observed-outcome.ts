/**
 * An observed outcome as the API shows it (ObservedOutcome): the stored, normalised outcome with
 * exactly the field of its kind set, days as dates (stored in date order). Learning reads it as an example's label.
 */
import type { OutcomeKind } from '@telepulse/models/catalog/model-catalog';
import type { ObservedOutcome } from './feedback.js';

export interface ObservedOutcomeView {
  kind: OutcomeKind;
  engagementRate: number | null;
  subscriberCounts: { date: Date; count: number }[] | null;
  viral: boolean | null;
}

export function observedOutcome(observed: ObservedOutcome): ObservedOutcomeView {
  switch (observed.kind) {
    case 'ENGAGEMENT_RATE':
      return { kind: observed.kind, engagementRate: observed.engagementRate, subscriberCounts: null, viral: null };
    case 'SUBSCRIBER_COUNT':
      return {
        kind: observed.kind,
        engagementRate: null,
        subscriberCounts: observed.subscriberCounts.map(({ date, count }) => ({ date: new Date(`${date}T00:00:00Z`), count })),
        viral: null,
      };
    case 'VIRAL':
      return { kind: observed.kind, engagementRate: null, subscriberCounts: null, viral: observed.viral };
  }
}
