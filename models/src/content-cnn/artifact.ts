import { join } from 'node:path';
import { readArtifactFiles, writeArtifactFiles } from '../runtime/artifact-files.js';
import type { ContentCnnModelMetadata } from './metadata.js';

/** Where the committed content CNN lives: ONNX bytes and metadata side by side. */
export const CONTENT_CNN_ARTIFACT_DIR = join(import.meta.dirname, '..', '..', 'artifacts', 'content-cnn');

export interface ContentCnnArtifact {
  onnx: Uint8Array;
  metadata: ContentCnnModelMetadata;
}

/** Reads a content CNN's directory (the committed one by default). */
export async function readContentCnnArtifact(dir = CONTENT_CNN_ARTIFACT_DIR): Promise<ContentCnnArtifact> {
  const { onnx, metadata } = await readArtifactFiles(dir);
  return { onnx, metadata: metadata as ContentCnnModelMetadata };
}

/** Writes model.onnx and model.json (stable formatting, so retraining diffs cleanly). */
export async function writeContentCnnArtifact(artifact: ContentCnnArtifact, dir = CONTENT_CNN_ARTIFACT_DIR): Promise<void> {
  await writeArtifactFiles(dir, artifact);
}
