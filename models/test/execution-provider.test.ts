import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEngagementArtifact } from '../src/engagement/artifact.js';
import { selectExecutionProvider } from '../src/runtime/execution-provider.js';

/**
 * What this machine offers, asked directly of onnxruntime-node and the file system, so each case
 * checks the choice on a machine with CUDA as much as on one without.
 */
async function cudaOnThisMachine(model: Uint8Array): Promise<'no backend' | 'no provider library' | 'no session' | 'usable'> {
  if (!ort.listSupportedBackends().some((b) => b.name === 'cuda')) return 'no backend';
  const bin = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin');
  const files = existsSync(bin) ? readdirSync(bin, { recursive: true, encoding: 'utf8' }) : [];
  if (!files.some((f) => f.split('/').pop()!.startsWith('libonnxruntime_providers_cuda'))) return 'no provider library';
  try {
    await (await ort.InferenceSession.create(model, { executionProviders: ['cuda'] })).release();
    return 'usable';
  } catch {
    return 'no session';
  }
}

const WHY = {
  'no backend': /this onnxruntime-node build lists no CUDA backend/,
  'no provider library': /the CUDA provider library is not installed/,
  'no session': /no CUDA session could be created/,
} as const;

describe('execution provider selection', () => {
  // A real model: CUDA session creation is only meaningful on bytes a session can load.
  let model: Uint8Array;
  let cuda: Awaited<ReturnType<typeof cudaOnThisMachine>>;
  beforeAll(async () => {
    model = (await readEngagementArtifact()).onnx;
    cuda = await cudaOnThisMachine(model);
  });

  it('auto: CUDA exactly when this machine can create a CUDA session, else CPU saying why', async () => {
    const choice = await selectExecutionProvider(model, 'auto');
    if (cuda === 'usable') {
      expect(choice).toMatchObject({ id: 'cuda', name: 'CUDAExecutionProvider' });
    } else {
      expect(choice).toMatchObject({ id: 'cpu', name: 'CPUExecutionProvider' });
      expect(choice.reason).toMatch(WHY[cuda]);
    }
  });

  it('cpu: never tries CUDA', async () => {
    expect(await selectExecutionProvider(model, 'cpu')).toEqual({ id: 'cpu', name: 'CPUExecutionProvider', reason: 'CPU requested' });
  });

  it('cuda: CUDA where this machine has it; elsewhere it fails saying why, never falling back to CPU', async () => {
    const choice = selectExecutionProvider(model, 'cuda');
    if (cuda === 'usable') {
      await expect(choice).resolves.toMatchObject({ id: 'cuda', name: 'CUDAExecutionProvider' });
    } else {
      await expect(choice).rejects.toThrow(/^CUDA requested, but/);
      await expect(choice).rejects.toThrow(WHY[cuda]);
    }
  });
});
