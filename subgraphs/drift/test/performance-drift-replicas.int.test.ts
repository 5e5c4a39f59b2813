import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorPage, ErrorStreamReader } from '../src/clients/feedback-errors.js';
import { SeededRandom } from '../src/calibration/random.js';
import { detectPerformanceDrift, type PerformanceDriftDeps } from '../src/detection/performance-drift.js';
import type { DriftAlert } from '../src/domain/drift-alert.js';
import { detectPerformance, freshDetectorState, type ErrorItem } from '../src/domain/performance-detection.js';
import { AlertStore } from '../src/store/alert-store.js';
import { DetectorStore } from '../src/store/detector-store.js';
import { testMongo } from '../../../test/support/mongo.js';

const scope = { trace: { requestId: 't', via: [] }, signal: new AbortController().signal };

/**
 * Drift's performance poller on two replicas of drift at once, on one database: each detection
 * holds the model's document lock, saves its detector state with a compare-and-set on the
 * revision, and stores alerts under ids derived from the detection, insert-first. So the two run
 * the detectors one after the other over the feedback stream: every item is read once, every
 * alert stored and published once, the alerts those of one detector over the whole stream.
 */
describe('performance detection on two replicas at once', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  beforeAll(async () => {
    mongo = await testMongo();
  });
  afterAll(() => mongo.drop());

  it('reads each item once and raises each alert once, whichever replica ran which page', async () => {
    const random = new SeededRandom(11);
    // The error rises at item 800 of 1,500: alerts follow.
    const items: ErrorItem[] = Array.from({ length: 1500 }, (_, i) => ({
      feedbackId: `f${i}`,
      modelVersion: 'v1',
      receivedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      error: Math.abs(random.normal()) * (i < 800 ? 0.02 : 0.05),
    }));
    const expected = detectPerformance('engagement', freshDetectorState(), items, new Date(0)).alerts.map((a) => a.id);
    expect(expected.length).toBeGreaterThan(0);

    // The feedback subgraph's stream of this model, paged by position as feedbackErrors is; what each replica read is counted.
    const read = [0, 0];
    const stream = (replica: number): ErrorStreamReader => ({
      async read(_modelId, after, limit): Promise<ErrorPage> {
        const from = after === null ? 0 : Number(after);
        const page = items.slice(from, from + limit);
        read[replica]! += page.length;
        return { items: page, cursor: page.length > 0 ? String(from + page.length) : after };
      },
    });
    const published: DriftAlert[][] = [[], []];
    const replica = (n: number): PerformanceDriftDeps => {
      const db = mongo.db('drift');
      return {
        errors: stream(n),
        detectors: new DetectorStore(db),
        alerts: new AlertStore(db),
        publish: (alert) => void published[n]!.push(alert),
        // A few pages per detection, so the two replicas' ticks interleave over the stream.
        pageSize: 100,
        maxPages: 3,
        now: () => new Date(0),
      };
    };
    const replicas = [replica(0), replica(1)];

    // Both replicas' pollers tick together until the stream is read.
    for (let round = 0; round < 10 && read[0]! + read[1]! < items.length; round += 1) {
      await Promise.all(replicas.map((deps) => detectPerformanceDrift('engagement', deps, scope)));
    }

    // Both replicas ran detections, one after the other under the lock, and no page was read twice.
    expect(read.every((n) => n > 0)).toBe(true);
    expect(read[0]! + read[1]!).toBe(items.length);
    const stored = await mongo.db('drift').collection('alerts').find({}, { projection: { _id: 1 } }).toArray();
    expect(stored.map((d) => String(d._id)).sort()).toEqual([...expected].sort());
    expect([...published[0]!, ...published[1]!].map((a) => a.id).sort()).toEqual([...expected].sort());
    const detector = await mongo.db('drift').collection('detectors').findOne({ _id: 'engagement' as never });
    expect(detector).toMatchObject({ cursor: String(items.length), seen: items.length });
  });
});
