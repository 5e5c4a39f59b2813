import { describe, expect, it } from 'vitest';
import { readEngagementArtifact } from '../../src/engagement/artifact.js';
import { exportEngagementOnnx } from '../../src/engagement/training/export-onnx.js';
import { readGrowthArtifact } from '../../src/growth/artifact.js';
import { exportGrowthOnnx } from '../../src/growth/training/export-onnx.js';
import { importEngagementWeights } from '../../src/learning/import-engagement.js';
import { importGrowthWeights } from '../../src/learning/import-growth.js';

// The committed versions are what the first update fine-tunes: importing them and exporting again
// must give their bytes back, byte for byte (the graph, every weight, every folded constant).
describe('the committed artifacts', () => {
  it('engagement: import then export gives the committed bytes', async () => {
    const artifact = await readEngagementArtifact();
    const model = await importEngagementWeights(artifact.onnx, artifact.metadata);
    const again = exportEngagementOnnx(model, { docString: `telepulse engagement ${artifact.metadata.version}` });
    model.dispose();
    expect(Buffer.from(again).equals(Buffer.from(artifact.onnx))).toBe(true);
  });

  it('growth: import then export gives the committed bytes', async () => {
    const artifact = await readGrowthArtifact();
    const model = await importGrowthWeights(artifact.onnx, artifact.metadata);
    const again = exportGrowthOnnx(model, { docString: `telepulse growth ${artifact.metadata.version}` });
    model.dispose();
    expect(Buffer.from(again).equals(Buffer.from(artifact.onnx))).toBe(true);
  });
});
