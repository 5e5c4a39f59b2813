import { z } from 'zod';

/**
 * The input/output contract every served model's metadata carries (`metadata.io`): what the
 * batched runtime feeds and reads, named as in the ONNX graph. The first axis of every tensor is
 * the batch; the rest are fixed, so one example is a flat Float32Array of their product.
 */
export interface TensorSpec {
  /** The tensor's name in the ONNX graph. */
  name: string;
  /** `['batch', ...fixed dims]`. */
  shape: ['batch', ...number[]];
  /** Only float32 today: the inference worker builds float32 tensors. */
  dtype: 'float32';
  /** What the tensor holds, for people. */
  description?: string;
}

export interface ModelIo {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** What the runtime needs of any model's metadata. */
export interface ServedModelMetadata {
  name: string;
  version: string;
  io: ModelIo;
}

/** One example's tensors, by name, each flat without the batch axis. */
export type ExampleTensors = Record<string, Float32Array>;

/** The model's bytes and its metadata disagree, or its metadata breaks the io contract. */
export class ModelContractError extends Error {
  override readonly name = 'ModelContractError';
  readonly code = 'MODEL_CONTRACT';
}

/** An example does not fit the model's inputs (a caller's bug: pre-processing built it wrong). */
export class ModelInputError extends RangeError {
  override readonly name = 'ModelInputError';
  readonly code = 'INVALID_MODEL_INPUT';
}

const tensorSpec = z.object({
  name: z.string().min(1),
  shape: z.tuple([z.literal('batch')], z.number().int().positive()),
  dtype: z.literal('float32'),
  description: z.string().optional(),
});

const modelIo = z
  .object({ inputs: z.array(tensorSpec).min(1), outputs: z.array(tensorSpec).min(1) })
  .refine((io) => new Set([...io.inputs, ...io.outputs].map((t) => t.name)).size === io.inputs.length + io.outputs.length, {
    message: 'tensor names must be unique across inputs and outputs',
  });

/** Validates `metadata.io`; throws ModelContractError naming the model, the field and the value. */
export function parseModelIo(io: unknown, model: string): ModelIo {
  const parsed = modelIo.safeParse(io);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `io.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ModelContractError(`model ${model}: metadata io breaks the contract (${issues}), got ${JSON.stringify(io)}`);
  }
  return parsed.data as ModelIo;
}

/** One example's dims: the shape without its batch axis. */
export function exampleDims(spec: TensorSpec): number[] {
  return spec.shape.slice(1) as number[];
}

/** Values in one example of the tensor. */
export function exampleSize(spec: TensorSpec): number {
  return exampleDims(spec).reduce((a, b) => a * b, 1);
}

/** A tensor as ONNX Runtime describes it in a loaded session. */
export interface SessionTensor {
  name: string;
  type: string;
  /** Numbers for fixed dims; a string (or -1) for symbolic ones. */
  shape: readonly (number | string)[];
}

/**
 * Checks the metadata's io against what the ONNX session says about itself: the same names, a
 * float32 type, a symbolic first (batch) axis and the same fixed dims. Throws ModelContractError
 * naming the tensor, what the metadata says and what the bytes hold.
 */
export function checkIoAgainstSession(model: string, io: ModelIo, session: { inputs: readonly SessionTensor[]; outputs: readonly SessionTensor[] }): void {
  for (const side of ['inputs', 'outputs'] as const) {
    const declared = io[side].map((t) => t.name).sort();
    const actual = session[side].map((t) => t.name).sort();
    if (declared.join('\0') !== actual.join('\0')) {
      throw new ModelContractError(`model ${model}: metadata io.${side} names [${declared.join(', ')}], the ONNX graph has [${actual.join(', ')}]`);
    }
    for (const spec of io[side]) {
      const tensor = session[side].find((t) => t.name === spec.name)!;
      const [batch, ...dims] = tensor.shape;
      const fixed = exampleDims(spec);
      const symbolicBatch = typeof batch === 'string' || batch === -1;
      if (tensor.type !== spec.dtype || !symbolicBatch || dims.length !== fixed.length || dims.some((d, i) => d !== fixed[i])) {
        throw new ModelContractError(
          `model ${model}: ${side.slice(0, -1)} ${spec.name} is ${spec.dtype} [${spec.shape.join(', ')}] in the metadata, ` +
            `${tensor.type} [${tensor.shape.join(', ')}] in the ONNX graph (the batch axis must be symbolic, the others fixed)`,
        );
      }
    }
  }
}
