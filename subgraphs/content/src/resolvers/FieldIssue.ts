import { formatValue } from '@telepulse/platform';
import type { FieldIssueResolvers } from '../__generated__/resolvers-types.js';

export const FieldIssue: FieldIssueResolvers = {
  // As the engagement subgraph renders the shared type's value: strings quoted, anything else as JSON.
  value: (issue) => (issue.value === undefined || issue.value === null ? null : formatValue(issue.value)),
};
