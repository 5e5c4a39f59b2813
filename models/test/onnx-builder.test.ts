import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import {
  attr,
  floatTensor,
  graph,
  int64Tensor,
  model,
  node,
  OnnxBuildError,
  parseModel,
  proto,
  serializeModel,
  tensorValueInfo,
  TensorDataType,
} from '../src/onnx/builder.js';

/** y = Relu(alpha · x·W + beta · b), x: [batch, 2] → y: [batch, 3]. */
function tinyGemmModel(): Uint8Array {
  const g = graph({
    name: 'tiny',
    nodes: [
      node('Gemm', ['x', 'W', 'b'], ['z'], { attributes: { alpha: attr.float(2), beta: attr.float(1), transB: attr.int(0) } }),
      node('Relu', ['z'], ['y']),
    ],
    initializers: [floatTensor('W', [2, 3], [1, 0, -1, 0, 1, -1]), floatTensor('b', [3], [0.5, 0.5, 0.5])],
    inputs: [tensorValueInfo('x', ['batch', 2])],
    outputs: [tensorValueInfo('y', ['batch', 3])],
  });
  return serializeModel(model(g, { docString: 'tiny', metadata: { purpose: 'test' } }));
}

describe('onnx builder', () => {
  it('builds a model ONNX Runtime runs, with float attributes kept as FLOAT', async () => {
    const session = await ort.InferenceSession.create(tinyGemmModel());
    try {
      const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4]), [2, 2]) });
      expect(y!.dims).toEqual([2, 3]);
      expect(y!.type).toBe('float32');
      // Row 1: 2·[1, 2, -3] + 0.5 → [2.5, 4.5, 0 (relu of -5.5)].
      expect([...(y!.data as Float32Array)]).toEqual([2.5, 4.5, 0, 6.5, 8.5, 0]);
    } finally {
      await session.release();
    }
  });

  it('writes IR 8, opset 17, producer telepulse, metadata and a symbolic batch dimension', () => {
    const m = parseModel(tinyGemmModel());
    expect(Number(m.irVersion)).toBe(8);
    expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    expect(m.producerName).toBe('telepulse');
    expect(m.metadataProps.map((p) => [p.key, p.value])).toEqual([['purpose', 'test']]);
    expect(m.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['batch', 2]);
    const gemm = m.graph?.node?.[0];
    expect(gemm?.attribute?.map((a) => [a.name, a.type])).toEqual([
      ['alpha', proto.AttributeProto.AttributeType.FLOAT],
      ['beta', proto.AttributeProto.AttributeType.FLOAT],
      ['transB', proto.AttributeProto.AttributeType.INT],
    ]);
  });

  it('stores int64 tensors as little-endian raw data', () => {
    const t = int64Tensor('axes', [2], [1, -1]);
    expect(t.dataType).toBe(TensorDataType.INT64);
    expect([...new BigInt64Array(t.rawData!.slice().buffer)]).toEqual([1n, -1n]);
  });

  it('rejects a tensor whose dims do not match its data, naming both', () => {
    expect(() => floatTensor('W', [2, 3], [1, 2])).toThrow(OnnxBuildError);
    expect(() => floatTensor('W', [2, 3], [1, 2])).toThrow('tensor W: dims [2, 3] hold 6 values, data has 2');
  });

  it('rejects a non-integer value for an int attribute', () => {
    expect(() => node('Foo', ['a'], ['b'], { attributes: { k: attr.int(1.5) } })).toThrow('attribute k: 1.5 is not an integer');
  });

  it('rejects a graph whose node reads a value nothing produced earlier', () => {
    expect(() =>
      graph({
        name: 'broken',
        nodes: [node('Relu', ['missing'], ['y'])],
        inputs: [tensorValueInfo('x', [1])],
        outputs: [tensorValueInfo('y', [1])],
      }),
    ).toThrow('graph broken: node Relu_y reads missing, which no input, initializer or earlier node provides');
  });
});
