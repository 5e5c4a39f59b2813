/**
 * `pnpm train <model>`: trains a model from the project's own data and writes its committed
 * artifact. Deterministic: the same command on the same machine reproduces the same bytes.
 *
 *   pnpm train engagement [--epochs N] [--out DIR]
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultSharedDataDir, importDona134Csv, DONA134_CSV_FILE, type ChannelRecord } from '@telepulse/dataset';
import { ENGAGEMENT_TRAINING, trainEngagementModel } from '../engagement/training/train.js';
import { ENGAGEMENT_ARTIFACT_DIR, writeEngagementArtifact } from '../engagement/artifact.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { epochs: { type: 'string' }, out: { type: 'string' } },
});

const [model] = positionals;
if (model !== 'engagement') {
  console.error(`usage: pnpm train engagement [--epochs N] [--out DIR]\nunknown model: ${model ?? '(none)'}; models: engagement`);
  process.exit(2);
}

const epochs = values.epochs === undefined ? ENGAGEMENT_TRAINING.epochs : Number(values.epochs);
if (!Number.isInteger(epochs) || epochs < 1) {
  console.error(`--epochs must be a whole number >= 1, got ${values.epochs}`);
  process.exit(2);
}

const started = performance.now();
const { onnx, metadata } = await trainEngagementModel({ ...ENGAGEMENT_TRAINING, epochs }, { realChannels: await realChannels(), log: (line) => console.log(line) });
const out = values.out ?? ENGAGEMENT_ARTIFACT_DIR;
await writeEngagementArtifact({ onnx, metadata }, out);
console.log(`wrote ${join(out, 'model.onnx')} (${onnx.byteLength} bytes, sha256 ${metadata.format.sha256.slice(0, 12)}) in ${((performance.now() - started) / 1000).toFixed(0)} s`);

/** Real channels under ../shared/data, when present: evaluated on, never trained on. */
async function realChannels(): Promise<ChannelRecord[]> {
  try {
    return [importDona134Csv(await readFile(join(defaultSharedDataDir(), DONA134_CSV_FILE), 'utf8'))];
  } catch {
    console.log('no real data under ../shared/data: evaluating on simulated channels only');
    return [];
  }
}
