/**
 * `pnpm reference <model>`: writes the reference statistics for data drift (the drift features of
 * the training inputs, evaluation/reference-statistics.ts) into a committed model's metadata
 * (models/artifacts/<model>/model.json), without retraining: the training data is regenerated
 * from the trainer's committed config and seeds, exactly as `pnpm train <model> --commit` built
 * it, and checked against what the metadata says the model trained on (the example count, the
 * file channels). The ONNX bytes are untouched; a trained version carries `reference` already.
 *
 *   pnpm reference engagement|growth|content-viral [--file F ...] [--held-out 0.2]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChannelRecord } from '@telepulse/dataset';
import type { ModelReference } from '../evaluation/reference-statistics.js';
import { splitChannel } from '../evaluation/time-split.js';
import { ENGAGEMENT_ARTIFACT_DIR } from '../engagement/artifact.js';
import { ENGAGEMENT_TRAINING, engagementReference, engagementTrainingData } from '../engagement/training/train.js';
import { GROWTH_ARTIFACT_DIR } from '../growth/artifact.js';
import { GROWTH_TRAINING, growthReference, growthTrainingData } from '../growth/training/train.js';
import { CONTENT_VIRAL_ARTIFACT_DIR } from '../content-viral/artifact.js';
import { CONTENT_VIRAL_TRAINING, viralReference, viralTrainingData } from '../content-viral/training/train.js';
import { readChannelFiles } from './channel-files.js';
import { displayPath, heldOutOption, parseCommandLine, runCommand, UsageError } from './cli-options.js';

interface ReferenceSource {
  artifactDir: string;
  /** The committed config's version: the artifact must be the one it trains. */
  version: string;
  /** The training examples (as the trainer builds them from the file channels' early parts) and their reference statistics. */
  compute(channels: readonly ChannelRecord[]): { examples: number; reference: ModelReference };
}

const SOURCES: Record<string, ReferenceSource> = {
  engagement: {
    artifactDir: ENGAGEMENT_ARTIFACT_DIR,
    version: ENGAGEMENT_TRAINING.version,
    compute: (channels) => {
      const { data } = engagementTrainingData(ENGAGEMENT_TRAINING, channels);
      return { examples: data.train.length, reference: engagementReference(data.train, ENGAGEMENT_TRAINING.data.historyPosts) };
    },
  },
  growth: {
    artifactDir: GROWTH_ARTIFACT_DIR,
    version: GROWTH_TRAINING.version,
    compute: (channels) => {
      const { data } = growthTrainingData(GROWTH_TRAINING, channels);
      return { examples: data.train.length, reference: growthReference(data.train, GROWTH_TRAINING.data.window) };
    },
  },
  'content-viral': {
    artifactDir: CONTENT_VIRAL_ARTIFACT_DIR,
    version: CONTENT_VIRAL_TRAINING.version,
    compute: (channels) => {
      const { train } = viralTrainingData(CONTENT_VIRAL_TRAINING, channels);
      return { examples: train.length, reference: viralReference(train) };
    },
  },
};

const USAGE = `usage: pnpm reference ${Object.keys(SOURCES).join('|')} [--file F ...] [--held-out 0.2]

  --file F      the channel files the committed model trained on besides the simulator's (its metadata's
                data.files.ids names them), e.g. ../shared/data/telegram-channel-dona134.csv; repeatable
  --held-out S  as given to pnpm train (default 0.2): each file channel's early part trained`;

/** What of a committed model.json the command reads; the rest is written back as it was. */
interface StoredMetadata {
  version: string;
  data: { examples: { train: number }; files?: { ids: string[] } };
  reference?: ModelReference;
  [key: string]: unknown;
}

await runCommand('reference', USAGE, main);

async function main(): Promise<void> {
  const { values, positionals } = parseCommandLine({
    allowPositionals: true,
    options: { file: { type: 'string', multiple: true }, 'held-out': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [model, ...extra] = positionals;
  const source = model === undefined ? undefined : SOURCES[model];
  if (!source || extra.length > 0) throw new UsageError(`unknown model: ${positionals.join(' ') || '(none)'}; models: ${Object.keys(SOURCES).join(', ')}`);
  const heldOutShare = heldOutOption(values['held-out']);

  const path = join(source.artifactDir, 'model.json');
  const metadata = JSON.parse(await readFile(path, 'utf8')) as StoredMetadata;
  if (metadata.version !== source.version) {
    throw new Error(`${displayPath(path)} is version ${metadata.version}, the committed config trains ${source.version}: its training data cannot be regenerated`);
  }
  const channels = values.file?.length ? (await readChannelFiles(values.file)).channels : [];
  const trainedOn = metadata.data.files?.ids ?? [];
  const given = channels.map((c) => c.id);
  if (trainedOn.join('\0') !== given.join('\0')) {
    throw new UsageError(`${model} ${metadata.version} trained on the file channels [${trainedOn.join(', ')}], --file gives [${given.join(', ')}]: pass the same files`);
  }

  const started = performance.now();
  const { examples, reference } = source.compute(channels.map((channel) => splitChannel(channel, { heldOutShare }).early));
  if (examples !== metadata.data.examples.train) {
    throw new Error(`regenerated ${examples} training examples, ${model} ${metadata.version} trained on ${metadata.data.examples.train}: not the same data (another --held-out, or files?)`);
  }
  await writeFile(path, `${JSON.stringify(withReference(metadata, reference), null, 2)}\n`);
  const names = Object.keys(reference.features);
  console.log(`${model} ${metadata.version}: reference statistics of ${names.length} features (${names.join(', ')}) over ${examples} training examples, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`wrote ${displayPath(path)}`);
}

/** The metadata with `reference` where the trainer puts it (before `evaluation`, which `pnpm train` adds last), replacing one already there. */
function withReference(metadata: StoredMetadata, reference: ModelReference): StoredMetadata {
  const { reference: _old, evaluation, ...rest } = metadata;
  return { ...rest, reference, ...(evaluation === undefined ? {} : { evaluation }) } as StoredMetadata;
}
