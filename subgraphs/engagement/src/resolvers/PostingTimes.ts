import { IssueCollector } from '@telepulse/platform';
import { HOURS, WEEKDAYS, bestPostingTimes } from '../domain/posting-times.js';
import type { PostingTimesResolvers } from '../__generated__/resolvers-types.js';

export const PostingTimes: PostingTimesResolvers = {
  channel: (times) => ({ id: times.channelId }),
  best(times, { count }) {
    const issues = new IssueCollector();
    issues.integer('count', count, 1, WEEKDAYS * HOURS);
    issues.throwIfAny();
    return bestPostingTimes(times.cells, count);
  },
};
