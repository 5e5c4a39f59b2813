import { describe, expect, it } from 'vitest';
import type { DriftAlert } from '../src/domain/drift-alert.js';
import { fromAlertMessage, MalformedAlertMessageError, toAlertMessage } from '../src/live/alert-message.js';

/** Through JSON, as the broker carries it (the pub/sub library stringifies and parses). */
const overTheWire = (alert: DriftAlert) => fromAlertMessage(JSON.parse(JSON.stringify(toAlertMessage(alert))));

const dataAlert: DriftAlert = {
  id: 'a1',
  modelId: 'engagement-v1',
  modelVersion: '2026-11-30T12:00:00.000Z',
  kind: 'DATA',
  severity: 'HIGH',
  reason: 'half the features drifted',
  detectors: ['PSI', 'KS'],
  detectedAt: new Date('2026-12-01T23:40:01.234Z'),
  meanErrorBefore: null,
  meanErrorAfter: null,
  driftedShare: 0.5,
  features: [
    { name: 'hourOfDay', psi: 0.31, ksStatistic: 0.2, ksCritical: 0.1, count: 120, drifted: true, high: true },
    { name: 'contentLength', psi: 0.01, ksStatistic: 0.03, ksCritical: 0.1, count: 120, drifted: false, high: false },
  ],
};

const performanceAlert: DriftAlert = {
  id: 'a2',
  modelId: 'growth-v1',
  modelVersion: null,
  kind: 'PERFORMANCE',
  severity: 'LOW',
  reason: 'the mean error rose',
  detectors: [],
  detectedAt: new Date(0),
  meanErrorBefore: 0.01,
  meanErrorAfter: 0.013,
  driftedShare: null,
  features: null,
};

describe('drift alert broker messages', () => {
  it('round-trips every field of a data alert, detectedAt a Date to the millisecond', () => {
    const back = overTheWire(dataAlert);
    expect(back).toEqual(dataAlert);
    expect(back.detectedAt).toBeInstanceOf(Date);
    expect(back.detectedAt.getTime()).toBe(dataAlert.detectedAt.getTime());
    expect(Object.keys(back).sort()).toEqual(Object.keys(dataAlert).sort());
  });

  it('round-trips the nulls and empty list of a performance alert, and the epoch', () => {
    expect(overTheWire(performanceAlert)).toEqual(performanceAlert);
  });

  it('sends detectedAt as an ISO-8601 string and nothing else changed', () => {
    const message = toAlertMessage(dataAlert);
    expect(message.detectedAt).toBe('2026-12-01T23:40:01.234Z');
    expect({ ...message, detectedAt: dataAlert.detectedAt }).toEqual(dataAlert);
  });

  it('refuses a message that is not an alert, naming the fields', () => {
    const wire = JSON.parse(JSON.stringify(toAlertMessage(dataAlert)));
    expect(() => fromAlertMessage({ ...wire, detectedAt: 'yesterday' })).toThrow(MalformedAlertMessageError);
    expect(() => fromAlertMessage({ ...wire, detectedAt: 'yesterday' })).toThrow(/detectedAt/);
    expect(() => fromAlertMessage({ ...wire, severity: 'CRITICAL', features: [{ name: 'x' }] })).toThrow(/severity.*features\.0\.psi/);
    expect(() => fromAlertMessage('hello')).toThrow(/\(message\)/);
  });
});
