/**
 * A model version on disk: `model.onnx` and `model.json` side by side (the committed artifacts
 * under models/artifacts/<name>/, and the version directories `pnpm train` writes).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The bytes and the parsed, not yet checked, metadata in `dir`. */
export async function readArtifactFiles(dir: string): Promise<{ onnx: Uint8Array; metadata: unknown }> {
  const [onnx, metadata] = await Promise.all([readFile(join(dir, 'model.onnx')), readFile(join(dir, 'model.json'), 'utf8')]);
  return { onnx: new Uint8Array(onnx), metadata: JSON.parse(metadata) as unknown };
}

/** Writes model.onnx and model.json into `dir` (created when missing), the JSON stably formatted so retraining diffs cleanly. */
export async function writeArtifactFiles(dir: string, artifact: { onnx: Uint8Array; metadata: unknown }): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.onnx'), artifact.onnx);
  await writeFile(join(dir, 'model.json'), `${JSON.stringify(artifact.metadata, null, 2)}\n`);
}
