import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { upgradeEngagementMetadata, type EngagementModelMetadata } from './metadata.js';

/** Where the committed engagement model lives: ONNX bytes and metadata side by side. */
export const ENGAGEMENT_ARTIFACT_DIR = join(import.meta.dirname, '..', '..', 'artifacts', 'engagement');

export interface EngagementArtifact {
  onnx: Uint8Array;
  metadata: EngagementModelMetadata;
}

/** Reads the committed model; metadata of an older layout comes back upgraded (see upgradeEngagementMetadata). */
export async function readEngagementArtifact(dir = ENGAGEMENT_ARTIFACT_DIR): Promise<EngagementArtifact> {
  const [onnx, metadata] = await Promise.all([readFile(join(dir, 'model.onnx')), readFile(join(dir, 'model.json'), 'utf8')]);
  return { onnx: new Uint8Array(onnx), metadata: upgradeEngagementMetadata(JSON.parse(metadata)) };
}

/** Writes model.onnx and model.json (stable formatting, so retraining diffs cleanly). */
export async function writeEngagementArtifact(artifact: EngagementArtifact, dir = ENGAGEMENT_ARTIFACT_DIR): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.onnx'), artifact.onnx);
  await writeFile(join(dir, 'model.json'), `${JSON.stringify(artifact.metadata, null, 2)}\n`);
}
