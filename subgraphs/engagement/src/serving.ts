import type { EngagementModel } from '@telepulse/models/engagement/engagement-model';

/** The model this process serves and where its bytes came from. */
export interface ServingEngagementModel {
  model: EngagementModel;
  source: 'registry' | 'artifact';
}
