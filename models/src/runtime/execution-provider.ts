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
  try {
    const probe = await ort.InferenceSession.create(modelBytes, { executionProviders: ['cuda'] });
    await probe.release();
    return { ...CUDA, reason: 'a CUDA session was created' };
  } catch (error) {
    if (preference === 'cuda') throw new Error(`CUDA requested, but no CUDA session could be created: ${(error as Error).message}`);
    return { ...CPU, reason: `no CUDA session could be created (${firstLine(error)})` };
  }
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];
