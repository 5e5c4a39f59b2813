import { describe, expect, it } from 'vitest';
import { readViralArtifact } from '../../src/content-viral/artifact.js';
import { exportViralOnnx } from '../../src/content-viral/training/export-onnx.js';
import { importViralWeights } from '../../src/learning/import-viral.js';

describe('importViralWeights', () => {
  it('reads the committed viral encoder back so that exporting it again gives the committed bytes', async () => {
    const artifact = await readViralArtifact();
    const weights = importViralWeights(artifact.onnx, artifact.metadata);
    expect(weights.blocks).toHaveLength(artifact.metadata.architecture.layers);
    const again = exportViralOnnx(artifact.metadata.architecture, weights, { docString: `telepulse content-viral ${artifact.metadata.version}` });
    expect(Buffer.from(again).equals(Buffer.from(artifact.onnx))).toBe(true);
  });

  it('rejects bytes of another architecture, naming the initializer', async () => {
    const artifact = await readViralArtifact();
    const metadata = { ...artifact.metadata, architecture: { ...artifact.metadata.architecture, ffn: 48 } };
    expect(() => importViralWeights(artifact.onnx, metadata)).toThrow(/initializer block0\.ffnKernel1 has dims \[32, 64\].*\[32, 48\]/);
  });
});
