import { describe, expect, it } from 'vitest';
import { channelProfiles, simulateChannels } from '@telepulse/dataset';
import { dayMs } from '@telepulse/models/growth/series';
import { analyzeGrowthPatterns, PATTERNS_MIN_DAYS } from '../src/domain/patterns.js';
import { median } from '../src/domain/robust-stats.js';

/** Simulated channels whose regimes the simulator says (channelProfiles): the patterns must find what was put there. */
const options = { seed: 5, channels: 80, days: 240, idPrefix: 'sim' };
const profiles = channelProfiles(options);
const channels = simulateChannels(options)
  .map((channel, i) => ({ channel, growth: profiles[i]!.growth }))
  .filter(({ channel }) => channel.subscriberCounts.length >= PATTERNS_MIN_DAYS)
  .map(({ channel, growth }) => ({ growth, patterns: analyzeGrowthPatterns(channel.subscriberCounts) }));

describe('growth patterns on simulated channels with known regimes', () => {
  it('finds every launch and campaign burst the counts show as a burst within a day of it', () => {
    const bursts = channels.flatMap(({ growth, patterns }) => growth.bursts.filter((b) => b.date > growth.countsFrom).map((b) => ({ burst: b, patterns })));
    expect(bursts.length).toBeGreaterThan(10);
    const found = bursts.filter(({ burst, patterns }) => patterns.anomalies.some((a) => a.kind === 'BURST' && Math.abs(dayMs(a.date) - dayMs(burst.date)) <= 86_400_000));
    expect(found.length / bursts.length).toBeGreaterThanOrEqual(0.9);
  });

  it('rates weekly seasonality near 0 where there is none, and strong seasonality above moderate', () => {
    const strength = (kind: string) => median(channels.filter((c) => c.growth.seasonality === kind).map((c) => c.patterns.seasonality.strength));
    expect(strength('none')).toBeLessThan(0.05);
    expect(strength('strong')).toBeGreaterThan(0.25);
    expect(strength('strong')).toBeGreaterThan(strength('moderate'));
  });
});
