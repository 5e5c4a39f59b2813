import { describe, expect, it } from 'vitest';
import { checkIoAgainstSession, exampleSize, ModelContractError, parseModelIo } from '../src/runtime/model-io.js';

const io = {
  inputs: [{ name: 'history', shape: ['batch', 17, 8], dtype: 'float32' }],
  outputs: [{ name: 'engagement', shape: ['batch', 1], dtype: 'float32' }],
};

describe('the model io contract', () => {
  it('accepts named float32 tensors with a batch axis first, and sizes one example by the other dims', () => {
    const parsed = parseModelIo(io, 'm');
    expect(parsed).toEqual(io);
    expect(exampleSize(parsed.inputs[0]!)).toBe(136);
  });

  it.each([
    [{ ...io, inputs: [{ name: 'history', shape: [1, 17, 8], dtype: 'float32' }] }, /io\.inputs\.0\.shape\.0/],
    [{ ...io, inputs: [{ name: 'history', shape: ['batch', 'steps', 8], dtype: 'float32' }] }, /io\.inputs\.0\.shape\.1/],
    [{ ...io, outputs: [{ name: 'engagement', shape: ['batch', 1], dtype: 'int64' }] }, /io\.outputs\.0\.dtype/],
    [{ ...io, outputs: [{ name: 'history', shape: ['batch', 1], dtype: 'float32' }] }, /tensor names must be unique/],
    [{ inputs: [], outputs: io.outputs }, /io\.inputs/],
  ])('rejects %j with ModelContractError naming the field', (bad, message) => {
    expect(() => parseModelIo(bad, 'm@1')).toThrow(ModelContractError);
    expect(() => parseModelIo(bad, 'm@1')).toThrow(message);
  });

  it('checks the metadata against what the session reports, naming both sides', () => {
    const session = (shape: (number | string)[], name = 'history', type = 'float32') => ({
      inputs: [{ name, type, shape }],
      outputs: [{ name: 'engagement', type: 'float32', shape: ['batch', 1] }],
    });
    const parsed = parseModelIo(io, 'm');
    expect(() => checkIoAgainstSession('m', parsed, session(['batch', 17, 8]))).not.toThrow();
    expect(() => checkIoAgainstSession('m', parsed, session([-1, 17, 8]))).not.toThrow();
    expect(() => checkIoAgainstSession('m', parsed, session(['batch', 16, 8]))).toThrow('input history is float32 [batch, 17, 8] in the metadata, float32 [batch, 16, 8] in the ONNX graph');
    expect(() => checkIoAgainstSession('m', parsed, session([4, 17, 8]))).toThrow('the batch axis must be symbolic');
    expect(() => checkIoAgainstSession('m', parsed, session(['batch', 17, 8], 'hist'))).toThrow('metadata io.inputs names [history], the ONNX graph has [hist]');
  });
});
