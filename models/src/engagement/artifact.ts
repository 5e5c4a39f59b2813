import { join } from 'node:path';
import { readArtifactFiles, writeArtifactFiles } from '../runtime/artifact-files.js';
import { upgradeEngagementMetadata, type EngagementModelMetadata } from './metadata.js';

/** Where the committed engagement model lives: ONNX bytes and metadata side by side. */
export const ENGAGEMENT_ARTIFACT_DIR = join(import.meta.dirname, '..', '..', 'artifacts', 'engagement');

export interface EngagementArtifact {
  onnx: Uint8Array;
  metadata: EngagementModelMetadata;
}

/** Reads the committed model; metadata of an older layout comes back upgraded (see upgradeEngagementMetadata). */
export async function readEngagementArtifact(dir = ENGAGEMENT_ARTIFACT_DIR): Promise<EngagementArtifact> {
  const { onnx, metadata } = await readArtifactFiles(dir);
  return { onnx, metadata: upgradeEngagementMetadata(metadata) };
}

/** Writes model.onnx and model.json (stable formatting, so retraining diffs cleanly). */
export async function writeEngagementArtifact(artifact: EngagementArtifact, dir = ENGAGEMENT_ARTIFACT_DIR): Promise<void> {
  await writeArtifactFiles(dir, artifact);
}
