import { describe, expect, it } from 'vitest';
import { PipelineSlot } from '../src/runtime/pipeline-slot.js';

/** A pipeline that records its disposals and refuses work once disposed, as a real one does. */
class FakePipeline {
  disposals = 0;
  constructor(readonly version: string) {}
  async predict(x: number): Promise<string> {
    if (this.disposals > 0) throw new Error(`${this.version} is disposed`);
    await new Promise((resolve) => setImmediate(resolve));
    return `${this.version}:${x}`;
  }
  async dispose(): Promise<void> {
    this.disposals += 1;
  }
}

/** A request scope whose end the test decides. */
function request() {
  const listeners: (() => void)[] = [];
  return { scope: { onEnd: (listener: () => void) => void listeners.push(listener) }, end: () => listeners.splice(0).forEach((l) => l()) };
}

describe('PipelineSlot', () => {
  it('keeps a request on the pipeline it started with across a swap, and disposes the old one once, after that request ends', async () => {
    const v1 = new FakePipeline('1');
    const v2 = new FakePipeline('2');
    const slot = new PipelineSlot(v1);
    const inFlight = request();
    const held = slot.forRequest(inFlight.scope);
    let disposed = false;
    const swapped = slot.swap(v2).then(() => (disposed = true));

    expect(slot.current).toBe(v2);
    const later = request();
    expect(slot.forRequest(later.scope)).toBe(v2);
    // The request in flight still predicts on v1 after the swap.
    expect(await held.predict(1)).toBe('1:1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(v1.disposals).toBe(0);
    expect(disposed).toBe(false);

    inFlight.end();
    inFlight.end();
    await swapped;
    expect(v1.disposals).toBe(1);
    expect(v2.disposals).toBe(0);
    later.end();
  });

  it('disposes a swapped-out pipeline at once when no request holds it', async () => {
    const v1 = new FakePipeline('1');
    const slot = new PipelineSlot(v1);
    const done = request();
    slot.forRequest(done.scope);
    done.end();
    await slot.swap(new FakePipeline('2'));
    expect(v1.disposals).toBe(1);
  });

  it('disposes each of several swapped-out pipelines once, each when its own requests end', async () => {
    const versions = ['1', '2', '3'].map((v) => new FakePipeline(v));
    const slot = new PipelineSlot(versions[0]!);
    const onFirst = request();
    slot.forRequest(onFirst.scope);
    const firstGone = slot.swap(versions[1]!);
    const onSecond = request();
    slot.forRequest(onSecond.scope);
    const secondGone = slot.swap(versions[2]!);
    onSecond.end();
    await secondGone;
    expect(versions.map((v) => v.disposals)).toEqual([0, 1, 0]);
    onFirst.end();
    await firstGone;
    await slot.dispose();
    expect(versions.map((v) => v.disposals)).toEqual([1, 1, 1]);
  });

  it('disposes the old pipeline after the drain timeout when a request never reports its end', async () => {
    const v1 = new FakePipeline('1');
    const slot = new PipelineSlot(v1, { drainTimeoutMs: 5 });
    slot.forRequest(request().scope);
    await slot.swap(new FakePipeline('2'));
    expect(v1.disposals).toBe(1);
  });

  it('refuses swaps once disposed, and swapping in the current pipeline changes nothing', async () => {
    const v1 = new FakePipeline('1');
    const slot = new PipelineSlot(v1);
    await slot.swap(v1);
    expect(v1.disposals).toBe(0);
    await slot.dispose();
    expect(v1.disposals).toBe(1);
    await expect(slot.swap(new FakePipeline('2'))).rejects.toThrow(/disposed/);
  });
});
