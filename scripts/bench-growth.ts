/**
 * `pnpm bench:growth`: serving throughput and latency of the committed growth model (see
 * serving-bench.ts): batched vs one run per call vs raw ONNX at batch 64, on inputs built from
 * simulated channels' histories the way the pipeline builds them.
 *
 *   pnpm bench:growth [--seconds 5] [--threads N] [--max-batch 64] [--delay-ms 0]
 */
import { simulateChannels } from '@telepulse/dataset';
import { readGrowthArtifact } from '@telepulse/models/growth/artifact';
import { growthHistoryOf, growthHistoryUntil } from '@telepulse/models/growth/channel-history';
import { buildGrowthInput } from '@telepulse/models/growth/features';
import { GROWTH_MIN_DAYS } from '@telepulse/models/growth/series';
import { runServingBench } from './serving-bench.js';

const artifact = await readGrowthArtifact();
// Every 7th day of 16 channels' counts from the first with enough history: 256 inputs or so.
const inputs = simulateChannels({ seed: 99, channels: 16, days: 140 }).flatMap((channel) => {
  const history = growthHistoryOf(channel);
  return history.counts
    .filter((_, i) => i >= GROWTH_MIN_DAYS && i % 7 === 0)
    .map((c) => buildGrowthInput(growthHistoryUntil(history, c.date), artifact.metadata.architecture.window).input);
});

await runServingBench({ label: `growth model ${artifact.metadata.version}`, artifact, inputs });
