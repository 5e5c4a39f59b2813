import { join } from 'node:path';
import { readArtifactFiles, writeArtifactFiles } from '../runtime/artifact-files.js';
import type { GrowthModelMetadata } from './metadata.js';

/** Where the committed growth model lives: ONNX bytes and metadata side by side. */
export const GROWTH_ARTIFACT_DIR = join(import.meta.dirname, '..', '..', 'artifacts', 'growth');

export interface GrowthArtifact {
  onnx: Uint8Array;
  metadata: GrowthModelMetadata;
}

/** Reads a growth model's directory (the committed one by default). */
export async function readGrowthArtifact(dir = GROWTH_ARTIFACT_DIR): Promise<GrowthArtifact> {
  const { onnx, metadata } = await readArtifactFiles(dir);
  return { onnx, metadata: metadata as GrowthModelMetadata };
}

/** Writes model.onnx and model.json (stable formatting, so retraining diffs cleanly). */
export async function writeGrowthArtifact(artifact: GrowthArtifact, dir = GROWTH_ARTIFACT_DIR): Promise<void> {
  await writeArtifactFiles(dir, artifact);
}
