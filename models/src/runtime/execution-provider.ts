import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ort from 'onnxruntime-node';

export type ExecutionProviderPreference = 'auto' | 'cuda' | 'cpu';

export interface ExecutionProviderChoice {
  /** The name onnxruntime-node takes. */
  id: 'cuda' | 'cpu';
  /** The provider's name as ONNX Runtime reports it, for health. */
  name: 'CUDAExecutionProvider' | 'CPUExecutionProvider';
  /** Why this one: what was tried and what failed. */
  reason: string;
}

const CPU = { id: 'cpu', name: 'CPUExecutionProvider' } as const;
const CUDA = { id: 'cuda', name: 'CUDAExecutionProvider' } as const;

/**
 * Picks the execution provider for a model: CUDA when onnxruntime-node can create a session on
 * it (a GPU and the CUDA libraries are present), otherwise CPU. 'cuda' insists and fails
 * without it; 'cpu' never tries CUDA.
 */
export async function selectExecutionProvider(modelBytes: Uint8Array, preference: ExecutionProviderPreference): Promise<ExecutionProviderChoice> {
  if (preference === 'cpu') return { ...CPU, reason: 'CPU requested' };
  const listed = ort.listSupportedBackends().some((b) => b.name === 'cuda');
  if (!listed) {
    if (preference === 'cuda') throw new Error('CUDA requested, but this onnxruntime-node build lists no CUDA backend');
    return { ...CPU, reason: 'this onnxruntime-node build lists no CUDA backend' };
  }
  if (!cudaProviderInstalled()) {
    const missing = 'the CUDA provider library is not installed: onnxruntime-node installs it only when ONNXRUNTIME_NODE_INSTALL_CUDA is not "skip"';
    if (preference === 'cuda') throw new Error(`CUDA requested, but ${missing}`);
    return { ...CPU, reason: missing };
  }
  try {
    const probe = await ort.InferenceSession.create(modelBytes, { executionProviders: ['cuda'] });
    await probe.release();
    return { ...CUDA, reason: 'a CUDA session was created' };
  } catch (error) {
    if (preference === 'cuda') throw new Error(`CUDA requested, but no CUDA session could be created: ${(error as Error).message}`);
    return { ...CPU, reason: `no CUDA session could be created (${firstLine(error)})` };
  }
}

/** onnxruntime-node's install script puts the CUDA provider next to its binding; without it a CUDA session cannot load. */
function cudaProviderInstalled(): boolean {
  const binding = dirname(createRequire(import.meta.url).resolve('onnxruntime-node'));
  const bin = join(binding, '..', 'bin');
  const walk = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.startsWith('libonnxruntime_providers_cuda')));
  return existsSync(bin) && walk(bin);
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];
