/**
 * `pnpm bench:engagement`: serving throughput and latency of the committed engagement model
 * (see serving-bench.ts): batched vs one run per call vs raw ONNX at batch 64, on inputs built
 * from simulated channels.
 *
 *   pnpm bench:engagement [--seconds 5] [--threads N] [--max-batch 64] [--delay-ms 0]
 */
import { Random, simulateChannels } from '@telepulse/dataset';
import { readEngagementArtifact } from '@telepulse/models/engagement/artifact';
import { buildExamples } from '@telepulse/models/engagement/training/examples';
import { runServingBench } from './serving-bench.js';

const artifact = await readEngagementArtifact();
const inputs = buildExamples(simulateChannels({ seed: 99, channels: 16, days: 60 }), {
  historyPosts: artifact.metadata.architecture.historyPosts,
  perChannel: 64,
  earlyShare: 0.3,
  untimedShare: 0.2,
  random: new Random(99),
}).map((e) => e.input);

await runServingBench({ label: `engagement model ${artifact.metadata.version}`, artifact, inputs });
