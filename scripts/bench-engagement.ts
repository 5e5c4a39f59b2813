/**
 * `pnpm bench:engagement`: serving throughput and latency of the committed engagement model.
 * Predictions/s and p50/p99 latency at 1, 32 and 256 concurrent callers, through the dynamic
 * batcher and with one ONNX run per call, plus raw ONNX throughput at batch 64 on the same
 * worker pool, and the main thread's event-loop delay during the 256-caller batched run.
 * Prints a markdown table (for BENCHMARKS.md). A script, not a test: nothing here asserts time.
 *
 *   pnpm bench:engagement [--seconds 5] [--threads N] [--max-batch 64] [--delay-ms 0]
 */
import { availableParallelism, cpus, totalmem } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Random, simulateChannels } from '@telepulse/dataset';
import { readEngagementArtifact } from '@telepulse/models/engagement/artifact';
import { buildExamples } from '@telepulse/models/engagement/training/examples';
import { BatchedOnnxModel } from '@telepulse/models/runtime/batched-onnx-model';
import { exampleDims } from '@telepulse/models/runtime/model-io';
import { SessionPool } from '@telepulse/models/runtime/session-pool';
import { selectExecutionProvider } from '@telepulse/models/runtime/execution-provider';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    threads: { type: 'string', default: String(availableParallelism()) },
    'max-batch': { type: 'string', default: '64' },
    'delay-ms': { type: 'string', default: '0' },
  },
});
const seconds = Number(values.seconds);
const threads = Number(values.threads);
const batching = { maxBatchSize: Number(values['max-batch']), maxQueueDelayMs: Number(values['delay-ms']) };

const artifact = await readEngagementArtifact();
const [io] = artifact.metadata.io.inputs;
const [steps, features] = exampleDims(io!) as [number, number];
const inputs = buildExamples(simulateChannels({ seed: 99, channels: 16, days: 60 }), {
  historyPosts: artifact.metadata.architecture.historyPosts,
  perChannel: 64,
  earlyShare: 0.3,
  untimedShare: 0.2,
  random: new Random(99),
}).map((e) => e.input);

interface Row {
  mode: string;
  callers: number | string;
  perSecond: number;
  p50: number | null;
  p99: number | null;
  loopP99?: number;
}
const rows: Row[] = [];

/** `callers` loops each awaiting one prediction at a time, for `seconds`. */
async function closedLoop(model: BatchedOnnxModel, callers: number, watchLoop: boolean, duration = seconds): Promise<Omit<Row, 'mode'>> {
  const latencies: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const deadline = performance.now() + duration * 1000;
  if (watchLoop) loop.enable();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async (_, c) => {
      for (let i = c; performance.now() < deadline; i += callers) {
        const t = performance.now();
        await model.run({ [io!.name]: inputs[i % inputs.length]! });
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  loop.disable();
  latencies.sort((a, b) => a - b);
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return {
    callers,
    perSecond: latencies.length / elapsed,
    p50: pct(0.5),
    p99: pct(0.99),
    ...(watchLoop ? { loopP99: loop.percentile(99) / 1e6 } : {}),
  };
}

for (const [mode, options] of [
  ['batched', batching],
  ['one run per call', { maxBatchSize: 1, maxQueueDelayMs: 0 }],
] as const) {
  const model = await BatchedOnnxModel.load({ onnx: artifact.onnx, metadata: artifact.metadata, source: 'artifact', executionProvider: 'auto', threads, batching: options });
  for (const callers of [1, 32, 256]) {
    await closedLoop(model, callers, false, 1); // warm-up
    rows.push({ mode, ...(await closedLoop(model, callers, mode === 'batched' && callers === 256)) });
  }
  await model.dispose();
}

// Raw ONNX: prebuilt batch-64 tensors straight into the same worker pool, one per worker in flight.
{
  const provider = await selectExecutionProvider(artifact.onnx, 'auto');
  const pool = new SessionPool({ modelBytes: artifact.onnx, provider, threads });
  const batch = new Float32Array(64 * steps * features);
  for (let i = 0; i < 64; i++) batch.set(inputs[i]!, i * steps * features);
  const run = () => pool.run({ [io!.name]: { data: batch.slice(), dims: [64, steps, features] } });
  await Promise.all(Array.from({ length: threads }, run));
  let runs = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: threads }, async () => { while (performance.now() < deadline) { await run(); runs++; } }));
  rows.push({ mode: 'raw ONNX, batch 64', callers: `${threads} in flight`, perSecond: (runs * 64) / ((performance.now() - started) / 1000), p50: null, p99: null });
  await pool.destroy();
}

const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '–' : v.toFixed(digits));
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`\nengagement model ${artifact.metadata.version}, ${threads} inference threads, batching max ${batching.maxBatchSize} / ${batching.maxQueueDelayMs} ms, ${seconds} s per row`);
console.log(`${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| mode | callers | predictions/s | p50 ms | p99 ms | event-loop p99 ms |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.mode} | ${r.callers} | ${r.perSecond.toFixed(0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.loopP99)} |`);
const batched256 = rows.find((r) => r.mode === 'batched' && r.callers === 256)!;
const single256 = rows.find((r) => r.mode === 'one run per call' && r.callers === 256)!;
const raw = rows.find((r) => r.mode.startsWith('raw'))!;
console.log(`\nat 256 callers: batched/unbatched ${(batched256.perSecond / single256.perSecond).toFixed(1)}x, batched/raw ${((batched256.perSecond / raw.perSecond) * 100).toFixed(0)} %`);
