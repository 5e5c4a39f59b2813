import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { selectExecutionProvider } from '../src/runtime/execution-provider.js';

const model = new Uint8Array();
// This test describes a machine without the CUDA provider (every CI machine here); on a GPU
// machine with the provider installed, auto must pick CUDA instead, which the first case checks.
const cudaInstalled = ['/usr/local/cuda', '/usr/lib/x86_64-linux-gnu/libcudart.so'].some(existsSync);

describe('execution provider selection', () => {
  it.skipIf(cudaInstalled)('falls back to CPU with the reason when CUDA cannot be used', async () => {
    const choice = await selectExecutionProvider(model, 'auto');
    expect(choice).toMatchObject({ id: 'cpu', name: 'CPUExecutionProvider' });
    expect(choice.reason).toMatch(/CUDA/);
  });

  it('never tries CUDA when CPU is asked for', async () => {
    expect(await selectExecutionProvider(model, 'cpu')).toEqual({ id: 'cpu', name: 'CPUExecutionProvider', reason: 'CPU requested' });
  });

  it.skipIf(cudaInstalled)('refuses to pretend: asking for CUDA without it fails, saying why', async () => {
    await expect(selectExecutionProvider(model, 'cuda')).rejects.toThrow(/^CUDA requested, but/);
  });
});
