/**
 * The serving benchmark every `pnpm bench:<model>` runs: predictions/s and p50/p99 latency at 1,
 * 32 and 256 concurrent callers, through the dynamic batcher and with one ONNX run per call, plus
 * raw ONNX throughput at batch 64 on the same worker pool, and the main thread's event-loop delay
 * during the 256-caller batched run. Prints a markdown table (for BENCHMARKS.md). Nothing here
 * asserts time.
 */
import { availableParallelism, cpus, totalmem } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BatchedOnnxModel } from '@telepulse/models/runtime/batched-onnx-model';
import { selectExecutionProvider } from '@telepulse/models/runtime/execution-provider';
import { exampleDims, type ServedModelMetadata } from '@telepulse/models/runtime/model-io';
import { SessionPool } from '@telepulse/models/runtime/session-pool';

export const SERVING_BENCH_USAGE = '[--seconds 5] [--threads N] [--max-batch 64] [--delay-ms 0]';

export interface ServingBench {
  /** Names the model in the table's heading, e.g. `engagement model 2.0.0`. */
  label: string;
  artifact: { onnx: Uint8Array; metadata: ServedModelMetadata };
  /** Example inputs of the model's one input, cycled through. */
  inputs: readonly Float32Array[];
}

interface Row {
  mode: string;
  callers: number | string;
  perSecond: number;
  p50: number | null;
  p99: number | null;
  loopP99?: number;
}

/** Runs the benchmark with the command line's options and prints its table. */
export async function runServingBench({ label, artifact, inputs }: ServingBench): Promise<void> {
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
  const [io] = artifact.metadata.io.inputs;
  const dims = exampleDims(io!);
  const size = dims.reduce((a, b) => a * b, 1);
  const rows: Row[] = [];

  /** `callers` loops each awaiting one prediction at a time, for `duration` seconds. */
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
    return { callers, perSecond: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99), ...(watchLoop ? { loopP99: loop.percentile(99) / 1e6 } : {}) };
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
    const batch = new Float32Array(64 * size);
    for (let i = 0; i < 64; i++) batch.set(inputs[i % inputs.length]!, i * size);
    const run = () => pool.run({ [io!.name]: { data: batch.slice(), dims: [64, ...dims] } });
    await Promise.all(Array.from({ length: threads }, run));
    let runs = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: threads }, async () => {
        while (performance.now() < deadline) {
          await run();
          runs++;
        }
      }),
    );
    rows.push({ mode: 'raw ONNX, batch 64', callers: `${threads} in flight`, perSecond: (runs * 64) / ((performance.now() - started) / 1000), p50: null, p99: null });
    await pool.destroy();
  }

  const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '–' : v.toFixed(digits));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\n${label}, ${threads} inference threads, batching max ${batching.maxBatchSize} / ${batching.maxQueueDelayMs} ms, ${seconds} s per row`);
  console.log(`${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log('| mode | callers | predictions/s | p50 ms | p99 ms | event-loop p99 ms |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.mode} | ${r.callers} | ${r.perSecond.toFixed(0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.loopP99)} |`);
  const batched256 = rows.find((r) => r.mode === 'batched' && r.callers === 256)!;
  const single256 = rows.find((r) => r.mode === 'one run per call' && r.callers === 256)!;
  const raw = rows.find((r) => r.mode.startsWith('raw'))!;
  console.log(`\nat 256 callers: batched/unbatched ${(batched256.perSecond / single256.perSecond).toFixed(1)}x, batched/raw ${((batched256.perSecond / raw.perSecond) * 100).toFixed(0)} %`);
}
