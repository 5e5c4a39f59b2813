/**
 * `pnpm bench:content`: serving throughput and latency of the committed content CNN (see
 * serving-bench.ts): batched vs one run per call vs raw ONNX at batch 64, on simulated posts'
 * texts tokenized the way the pipeline tokenizes them.
 *
 *   pnpm bench:content [--seconds 5] [--threads N] [--max-batch 64] [--delay-ms 0]
 */
import { simulateChannels } from '@telepulse/dataset';
import { readContentCnnArtifact } from '@telepulse/models/content-cnn/artifact';
import { prepareContentInput } from '@telepulse/models/content-cnn/inference';
import { runServingBench } from './serving-bench.js';

const artifact = await readContentCnnArtifact();
// The first 16 texts of each of 16 channels: short posts, long reads and truncated ones alike.
const inputs = simulateChannels({ seed: 99, channels: 16, days: 60 }).flatMap((channel) =>
  channel.posts
    .filter((p) => p.text)
    .slice(0, 16)
    .map((p) => prepareContentInput(p.text!, artifact.metadata.architecture.maxTokens).ids),
);

await runServingBench({ label: `content CNN ${artifact.metadata.version} (${artifact.metadata.architecture.maxTokens} tokens)`, artifact, inputs });
