/**
 * Run by session-pool-traced.test.ts in a child started as a traced service is (`--import tsx
 * --import tracing-register`): loads the committed engagement model into a SessionPool, asks a
 * worker to describe it, and prints the inputs' names.
 */
import { readEngagementArtifact } from '../../src/engagement/artifact.js';
import { SessionPool } from '../../src/runtime/session-pool.js';

const { onnx } = await readEngagementArtifact();
const pool = new SessionPool({ modelBytes: onnx, provider: { id: 'cpu', name: 'CPUExecutionProvider', reason: 'test' }, threads: 1 });
try {
  const { inputs } = await pool.describe();
  console.log(`inputs: ${inputs.map((i) => i.name).join(',')}`);
} finally {
  await pool.destroy();
}
process.exit(0);
