import { formatValue } from '@telepulse/platform';
import type { TimeSeriesIssueResolvers } from '../__generated__/resolvers-types.js';

export const TimeSeriesIssue: TimeSeriesIssueResolvers = {
  // A date as the API writes it (YYYY-MM-DD), anything else as the errors render it.
  value: (issue) =>
    issue.value === undefined || issue.value === null ? null : issue.value instanceof Date ? issue.value.toISOString().slice(0, 10) : formatValue(issue.value),
};
