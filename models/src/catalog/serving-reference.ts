/**
 * The reference statistics of the model version in service (`<serving field>Reference`): what
 * drift detection compares served predictions' features with. A version carries them in its
 * metadata (`reference`); one registered before they existed is served with those of the
 * committed artifact when that is the same version with the same ONNX bytes (`pnpm reference`
 * added them there). Reads model.json; no GraphQL, no MongoDB.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PreconditionError } from '@telepulse/platform';
import type { FeatureReference, ModelReference } from '../evaluation/reference-statistics.js';

export interface ReferenceStatisticsView {
  /** The catalog model's id (the Model entity's key). */
  modelId: string;
  version: string;
  features: (FeatureReference & { name: string })[];
}

/** What is read of a served model's metadata. */
export interface ReferencedMetadata {
  name: string;
  version: string;
  format: { sha256: string };
  reference?: ModelReference;
}

const committed = new Map<string, Promise<ReferencedMetadata | null>>();

/** The committed metadata in `dir` (read once per process); null when there is none. */
function committedMetadata(dir: string): Promise<ReferencedMetadata | null> {
  let read = committed.get(dir);
  if (!read) {
    read = readFile(join(dir, 'model.json'), 'utf8').then(
      (text) => JSON.parse(text) as ReferencedMetadata,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        committed.delete(dir);
        throw error;
      },
    );
    committed.set(dir, read);
  }
  return read;
}

/**
 * The served version's reference statistics, features in their stored order. FAILED_PRECONDITION
 * when neither the version nor its committed artifact carries them.
 */
export async function servingReference(served: ReferencedMetadata, artifactDir: string): Promise<ReferenceStatisticsView> {
  let reference = served.reference;
  if (!reference) {
    const artifact = await committedMetadata(artifactDir);
    if (artifact?.version === served.version && artifact.format.sha256 === served.format.sha256) reference = artifact.reference;
  }
  if (!reference) {
    throw new PreconditionError(
      `model ${served.name} ${served.version} carries no reference statistics: a version trained since they exist has them; for the committed artifact, \`pnpm reference ${served.name}\` adds them`,
      { model: served.name, version: served.version },
    );
  }
  return { modelId: served.name, version: served.version, features: Object.entries(reference.features).map(([name, stats]) => ({ name, ...stats })) };
}
