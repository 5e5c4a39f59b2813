import { formatValue } from '@telepulse/platform';
import type { FieldIssueResolvers } from '../__generated__/resolvers-types.js';

export const FieldIssue: FieldIssueResolvers = {
  value: (issue) => (issue.value === undefined || issue.value === null ? null : formatValue(issue.value)),
};
