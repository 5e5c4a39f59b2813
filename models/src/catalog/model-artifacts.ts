/**
 * The committed artifact of every catalog model, by its id: what seeds a registry that has no
 * active version (learning's at its start). Reads files under models/artifacts; no MongoDB.
 */
import { readContentCnnArtifact } from '../content-cnn/artifact.js';
import { readViralArtifact } from '../content-viral/artifact.js';
import { readEngagementArtifact } from '../engagement/artifact.js';
import { readGrowthArtifact } from '../growth/artifact.js';

export interface CommittedArtifact {
  onnx: Uint8Array;
  /** As committed (an older layout upgraded where the model's reader does so); carries `version`. */
  metadata: { version: string };
}

const READERS: Readonly<Record<string, () => Promise<CommittedArtifact>>> = {
  engagement: readEngagementArtifact,
  growth: readGrowthArtifact,
  'content-viral': readViralArtifact,
  'content-cnn': readContentCnnArtifact,
};

/** The reader of the committed artifact of catalog model `id`; throws naming the id when the kit has none for it. */
export function committedArtifactReader(id: string): () => Promise<CommittedArtifact> {
  const reader = READERS[id];
  if (!reader) throw new Error(`no committed artifact reader for catalog model ${JSON.stringify(id)}: add its artifact.ts reader to models/src/catalog/model-artifacts.ts`);
  return () => reader();
}
