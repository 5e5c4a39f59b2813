import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type SelectionSetNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readSubgraphSdl } from '@telepulse/platform/subgraph-manifest';
import engagement from '../subgraph.js';

const fieldNames = (set: SelectionSetNode) => set.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : `...${s.kind}`));

describe("a history post's fields", () => {
  it('are the same in the @requires of Channel.engagementPrediction and in the HistoryPost fragment the client reads', () => {
    const channel = parse(readSubgraphSdl(engagement)).definitions.find(
      (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Channel',
    )!;
    const field = channel.fields!.find((f: FieldDefinitionNode) => f.name.value === 'engagementPrediction')!;
    const requires = field.directives!.find((d) => d.name.value === 'requires')!.arguments![0]!.value;
    if (requires.kind !== Kind.STRING) throw new Error('@requires(fields:) is not a string');
    const required = parse(`{ ${requires.value} }`).definitions[0]!;
    if (required.kind !== Kind.OPERATION_DEFINITION) throw new Error('unexpected @requires selection');
    const recentPosts = required.selectionSet.selections[0]!;
    if (recentPosts.kind !== Kind.FIELD || !recentPosts.selectionSet) throw new Error('@requires must select recentPosts { … }');

    const document = parse(readFileSync(join(import.meta.dirname, '..', 'src', 'clients', 'channel-history.graphql'), 'utf8'));
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === 'HistoryPost');
    if (fragment?.kind !== Kind.FRAGMENT_DEFINITION) throw new Error('no HistoryPost fragment');

    expect(fieldNames(recentPosts.selectionSet)).toEqual(fieldNames(fragment.selectionSet));
  });
});
