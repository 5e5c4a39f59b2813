import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngagementModelMetadata } from './metadata.js';

/** Where the committed engagement model lives: ONNX bytes and metadata side by side. */
export const ENGAGEMENT_ARTIFACT_DIR = join(import.meta.dirname, '..', '..', 'artifacts', 'engagement');

export interface EngagementArtifact {
  onnx: Uint8Array;
  metadata: EngagementModelMetadata;
}

export async function readEngagementArtifact(dir = ENGAGEMENT_ARTIFACT_DIR): Promise<EngagementArtifact> {
  const [onnx, metadata] = await Promise.all([readFile(join(dir, 'model.onnx')), readFile(join(dir, 'model.json'), 'utf8')]);
  return { onnx: new Uint8Array(onnx), metadata: JSON.parse(metadata) as EngagementModelMetadata };
}

/** Writes model.onnx and model.json (stable formatting, so retraining diffs cleanly). */
export async function writeEngagementArtifact(artifact: EngagementArtifact, dir = ENGAGEMENT_ARTIFACT_DIR): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.onnx'), artifact.onnx);
  await writeFile(join(dir, 'model.json'), `${JSON.stringify(artifact.metadata, null, 2)}\n`);
}
