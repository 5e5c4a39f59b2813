import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateChannels, writeChannelsJsonl, type ChannelRecord, type SimulationOptions } from '@telepulse/dataset';
import { repoRoot } from '@telepulse/platform/repo-layout';

/** Runs a models CLI (models/src/cli/<name>.ts) through the repo's tsx, from the repo root; its exit code and output. */
export function runCli(name: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'models', 'src', 'cli', `${name}.ts`), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...withoutMongo(process.env), ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** No MongoDB: the commands work on files alone unless a test says otherwise. */
function withoutMongo(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { MONGODB_URI: _, ...rest } = env;
  return rest;
}

/** A temporary folder holding `tiny.jsonl`: the simulated channels a CLI test runs on. `remove()` deletes the folder. */
export async function channelFileFixture(simulation: SimulationOptions): Promise<{ dir: string; file: string; channels: ChannelRecord[]; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'telepulse-cli-'));
  const file = join(dir, 'tiny.jsonl');
  const channels = simulateChannels(simulation);
  await writeChannelsJsonl(file, channels);
  return { dir, file, channels, remove: () => rm(dir, { recursive: true, force: true }) };
}
