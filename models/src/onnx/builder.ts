/**
 * Small, model-agnostic helpers for writing ONNX models from TypeScript with onnx-proto's
 * protobufjs messages: tensors, nodes, value infos, graph, model, bytes. The exporters
 * (engagement LSTM today; GRU and transformer later) describe their graph with these and never
 * touch protobuf details.
 */
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';

// onnx-proto is CommonJS (`module.exports = $root`), so Node's ESM loader only offers it as the
// default export; a named value `import { onnx }` type-checks but is undefined at run time.
// Types come from the type-only import above, values from `proto`.
export const proto = onnxProto.onnx;
export type { onnx };

export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;
export const ONNX_PRODUCER = 'telepulse';

/** The builder was handed something that cannot become a valid ONNX message. */
export class OnnxBuildError extends Error {
  override readonly name = 'OnnxBuildError';
  readonly code = 'ONNX_BUILD_FAILED';
}

export const TensorDataType = proto.TensorProto.DataType;

/** A dimension: a fixed size, or a symbolic name such as `'batch'` that ORT binds at run time. */
export type Dim = number | string;

function checkDims(name: string, dims: readonly number[], length: number): void {
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) {
      throw new OnnxBuildError(`tensor ${name}: dims must be non-negative integers, got [${dims.join(', ')}]`);
    }
  }
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== length) {
    throw new OnnxBuildError(`tensor ${name}: dims [${dims.join(', ')}] hold ${size} values, data has ${length}`);
  }
}

/** A float32 initializer stored as little-endian raw bytes (copies `data`). */
export function floatTensor(name: string, dims: readonly number[], data: Float32Array | readonly number[]): onnx.ITensorProto {
  checkDims(name, dims, data.length);
  const raw = new Uint8Array(data.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i] as number, true);
  return { name, dims: [...dims], dataType: TensorDataType.FLOAT, rawData: raw };
}

/** An int64 initializer (shapes, axes, indices) stored as little-endian raw bytes. */
export function int64Tensor(name: string, dims: readonly number[], data: readonly number[]): onnx.ITensorProto {
  checkDims(name, dims, data.length);
  const raw = new Uint8Array(data.length * 8);
  const view = new DataView(raw.buffer);
  data.forEach((v, i) => {
    if (!Number.isSafeInteger(v)) throw new OnnxBuildError(`tensor ${name}: int64 value ${v} at ${i} is not a safe integer`);
    view.setBigInt64(i * 8, BigInt(v), true);
  });
  return { name, dims: [...dims], dataType: TensorDataType.INT64, rawData: raw };
}

/**
 * An attribute value with its ONNX type made explicit: a JS number cannot say whether `1` is an
 * INT or a FLOAT, and ONNX Runtime rejects the wrong one. Build them with `attr.*`.
 */
export type OnnxAttribute =
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'ints'; readonly value: readonly number[] }
  | { readonly type: 'floats'; readonly value: readonly number[] }
  | { readonly type: 'strings'; readonly value: readonly string[] }
  | { readonly type: 'tensor'; readonly value: onnx.ITensorProto };

export const attr = {
  int: (value: number): OnnxAttribute => ({ type: 'int', value }),
  float: (value: number): OnnxAttribute => ({ type: 'float', value }),
  string: (value: string): OnnxAttribute => ({ type: 'string', value }),
  ints: (value: readonly number[]): OnnxAttribute => ({ type: 'ints', value }),
  floats: (value: readonly number[]): OnnxAttribute => ({ type: 'floats', value }),
  strings: (value: readonly string[]): OnnxAttribute => ({ type: 'strings', value }),
  tensor: (value: onnx.ITensorProto): OnnxAttribute => ({ type: 'tensor', value }),
} as const;

const utf8 = new TextEncoder();
const AttributeType = proto.AttributeProto.AttributeType;

function toAttributeProto(name: string, a: OnnxAttribute): onnx.IAttributeProto {
  const checkInt = (v: number): number => {
    if (!Number.isSafeInteger(v)) throw new OnnxBuildError(`attribute ${name}: ${v} is not an integer`);
    return v;
  };
  switch (a.type) {
    case 'int':
      return { name, type: AttributeType.INT, i: checkInt(a.value) };
    case 'float':
      return { name, type: AttributeType.FLOAT, f: a.value };
    case 'string':
      return { name, type: AttributeType.STRING, s: utf8.encode(a.value) };
    case 'ints':
      return { name, type: AttributeType.INTS, ints: a.value.map(checkInt) };
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: [...a.value] };
    case 'strings':
      return { name, type: AttributeType.STRINGS, strings: a.value.map((s) => utf8.encode(s)) };
    case 'tensor':
      return { name, type: AttributeType.TENSOR, t: a.value };
  }
}

export interface NodeOptions {
  /** Node name; unique within the graph. Defaults to `${opType}_${first output}`. */
  name?: string;
  attributes?: Record<string, OnnxAttribute>;
  /** Operator domain; '' (the default ONNX domain) unless the op comes from elsewhere. */
  domain?: string;
  docString?: string;
}

/**
 * A graph node. Inputs and outputs are value names; pass `''` for an optional input or output
 * that is left out (e.g. LSTM's `sequence_lens`, or `Y` when only `Y_h` is wanted).
 */
export function node(opType: string, inputs: readonly string[], outputs: readonly string[], options: NodeOptions = {}): onnx.INodeProto {
  if (outputs.every((o) => o === '')) throw new OnnxBuildError(`node ${opType}: needs at least one named output`);
  const n: onnx.INodeProto = {
    opType,
    name: options.name ?? `${opType}_${outputs.find((o) => o !== '')}`,
    input: [...inputs],
    output: [...outputs],
    attribute: Object.entries(options.attributes ?? {}).map(([k, v]) => toAttributeProto(k, v)),
  };
  if (options.domain) n.domain = options.domain;
  if (options.docString) n.docString = options.docString;
  return n;
}

/** A graph input or output: a tensor of `elemType` (default FLOAT) and `shape`. */
export function tensorValueInfo(name: string, shape: readonly Dim[], elemType: number = TensorDataType.FLOAT, docString?: string): onnx.IValueInfoProto {
  return {
    name,
    ...(docString ? { docString } : {}),
    type: {
      tensorType: {
        elemType,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export interface GraphSpec {
  name: string;
  nodes: readonly onnx.INodeProto[];
  inputs: readonly onnx.IValueInfoProto[];
  outputs: readonly onnx.IValueInfoProto[];
  initializers?: readonly onnx.ITensorProto[];
  docString?: string;
}

/**
 * A graph, after checking that every node input is produced by a graph input, an initializer
 * or an earlier node (ONNX requires topological order), and that every output is produced.
 */
export function graph(spec: GraphSpec): onnx.IGraphProto {
  const known = new Set<string>(['']);
  for (const v of spec.inputs) known.add(v.name ?? '');
  for (const t of spec.initializers ?? []) known.add(t.name ?? '');
  for (const n of spec.nodes) {
    for (const input of n.input ?? []) {
      if (!known.has(input)) {
        throw new OnnxBuildError(`graph ${spec.name}: node ${n.name} reads ${input}, which no input, initializer or earlier node provides`);
      }
    }
    for (const output of n.output ?? []) {
      if (output !== '' && known.has(output)) throw new OnnxBuildError(`graph ${spec.name}: value ${output} is produced twice`);
      known.add(output);
    }
  }
  for (const v of spec.outputs) {
    if (!known.has(v.name ?? '')) throw new OnnxBuildError(`graph ${spec.name}: output ${v.name} is never produced`);
  }
  return {
    name: spec.name,
    node: [...spec.nodes],
    input: [...spec.inputs],
    output: [...spec.outputs],
    initializer: [...(spec.initializers ?? [])],
    ...(spec.docString ? { docString: spec.docString } : {}),
  };
}

export interface ModelSpec {
  docString?: string;
  producerVersion?: string;
  /** Stored as `metadata_props`; ORT exposes them as custom metadata. */
  metadata?: Record<string, string>;
  opset?: number;
}

/** A model with IR version 8, default-domain opset 17 (unless overridden), producer telepulse. */
export function model(g: onnx.IGraphProto, spec: ModelSpec = {}): onnx.IModelProto {
  return {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: spec.opset ?? ONNX_OPSET }],
    producerName: ONNX_PRODUCER,
    ...(spec.producerVersion ? { producerVersion: spec.producerVersion } : {}),
    ...(spec.docString ? { docString: spec.docString } : {}),
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: g,
  };
}

/** Checks the message against the ONNX schema and encodes it to protobuf bytes. Pure. */
export function serializeModel(m: onnx.IModelProto): Uint8Array {
  const problem = proto.ModelProto.verify(m);
  if (problem) throw new OnnxBuildError(`model does not match the ONNX schema: ${problem}`);
  return proto.ModelProto.encode(m).finish();
}

/** Decodes protobuf bytes back to a ModelProto (for tests and inspection). Pure. */
export function parseModel(bytes: Uint8Array): onnx.ModelProto {
  return proto.ModelProto.decode(bytes);
}
