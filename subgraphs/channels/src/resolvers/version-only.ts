/**
 * Channels answered from their version documents alone, for selections that ask nothing of a
 * channel but its id and `historyVersion` (the engagement subgraph's check of what it cached):
 * FerretDB decodes a whole channel document (26 KB with its recent posts) to read one field.
 */
import type { GraphQLResolveInfo, SelectionNode } from 'graphql';
import type { ChannelDoc } from '../store/documents.js';

/** The fields a version-only channel can answer. */
const VERSION_FIELDS = new Set(['id', 'historyVersion', '__typename']);

/** Whether every field selected on the channels is one a version-only channel answers (fragments and directives: no). */
export function asksOnlyVersions(info: Pick<GraphQLResolveInfo, 'fieldNodes'>): boolean {
  return info.fieldNodes.every((node) => node.selectionSet?.selections.every(isVersionField) ?? false);
}

function isVersionField(selection: SelectionNode): boolean {
  return selection.kind === 'Field' && !selection.directives?.length && VERSION_FIELDS.has(selection.name.value);
}

/**
 * A channel holding only its id and revision, null when it has none (not there, or not
 * committed). Typed as a ChannelDoc for the Channel resolvers, which read nothing else of it for
 * the fields asksOnlyVersions lets through.
 */
export function versionOnly(id: string, revision: number | null): ChannelDoc | null {
  return revision === null ? null : ({ _id: id, revision } as Pick<ChannelDoc, '_id' | 'revision'> as ChannelDoc);
}
