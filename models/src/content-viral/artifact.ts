import { join } from 'node:path';
import { readArtifactFiles } from '../runtime/artifact-files.js';
import type { ViralModelMetadata } from './metadata.js';

/** Where the committed content-viral model lives: ONNX bytes and metadata side by side. */
export const CONTENT_VIRAL_ARTIFACT_DIR = join(import.meta.dirname, '..', '..', 'artifacts', 'content-viral');

export interface ViralArtifact {
  onnx: Uint8Array;
  metadata: ViralModelMetadata;
}

/** Reads a version directory (model.onnx + model.json); the committed model by default. */
export async function readViralArtifact(dir = CONTENT_VIRAL_ARTIFACT_DIR): Promise<ViralArtifact> {
  const { onnx, metadata } = await readArtifactFiles(dir);
  return { onnx, metadata: metadata as ViralModelMetadata };
}
