import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { simulateChannels } from '@telepulse/dataset';
import { findChromium } from '../support/chromium.js';
import { startDashboardSystem, type DashboardSystem } from '../support/dashboard.js';
import { testMongo } from '../support/mongo.js';

const chromium = findChromium();
const channels = simulateChannels({ seed: 14, channels: 3, days: 90, idPrefix: 'dash' });

/** The attribute `name` of every element `selector` matches, in page order. */
const attributes = (page: Page, selector: string, name: string) => page.locator(selector).evaluateAll((elements, n) => elements.map((e) => e.getAttribute(n)), name);

/**
 * Each page of the dashboard in headless Chromium against a seeded system: what it shows (read
 * from its `data-*` attributes, never pixels) is what the gateway answers for the same query.
 */
describe.skipIf(chromium.path === null)('the dashboard pages against a seeded system', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let system: DashboardSystem;

  beforeAll(async () => {
    mongo = await testMongo();
    system = await startDashboardSystem({ mongodbUri: mongo.uri, prefix: mongo.prefix, chromiumPath: chromium.path!, channels });
  });
  afterAll(async () => {
    await system?.close();
    await mongo?.drop();
  });

  it('Channels: one row per seeded channel with the subscribers and predicted engagement the gateway answers, from one request for the whole table', async () => {
    const { data } = await system.stack.query<{ listChannels: { id: string; latestSubscriberCount: { count: number } | null; engagementPrediction: { predictedEngagement: number } | null }[] }>(
      '{ listChannels(limit: 200) { id latestSubscriberCount { count } engagementPrediction { predictedEngagement } } }',
    );
    const expected = data!.listChannels;
    expect(expected.map((c) => c.id).sort()).toEqual(channels.map((c) => c.id).sort());

    const page = await system.openPage('/channels');
    const rows = page.locator('[data-testid="channels-table"] tr[data-channel-id]');
    await expect.poll(() => rows.count()).toBe(channels.length);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({ id: tr.getAttribute('data-channel-id'), subscribers: tr.getAttribute('data-subscribers'), predicted: tr.getAttribute('data-predicted') })));
    expect(Object.fromEntries(shown.map((r) => [r.id, { subscribers: Number(r.subscribers), predicted: Number(r.predicted) }]))).toEqual(
      Object.fromEntries(expected.map((c) => [c.id, { subscribers: c.latestSubscriberCount!.count, predicted: c.engagementPrediction!.predictedEngagement }])),
    );
    // Sorted by subscribers, most first, as it opens.
    const subscribers = shown.map((r) => Number(r.subscribers));
    expect(subscribers).toEqual([...subscribers].sort((a, b) => b - a));
    // Searching narrows the table to the channel named.
    await page.getByTestId('channel-search').fill(channels[1]!.id);
    await expect.poll(() => attributes(page, 'tr[data-channel-id]', 'data-channel-id')).toEqual([channels[1]!.id]);
    expect(system.operationsOf(page).filter((name) => name === 'ChannelsTable')).toHaveLength(1);
    expect(system.problemsOf(page)).toEqual([]);
  });

  it('Channel: the subscribers, the growth forecast with both interval bands and the baseline, the 7×24 best-time heatmap from one call, and the engagement history, as the gateway answers them', async () => {
    const id = channels[0]!.id;
    const { data } = await system.stack.query<{
      channel: {
        postCount: number;
        latestSubscriberCount: { count: number };
        growthForecast: { days: number; points: { value: number }[]; baseline: unknown[] };
        postingTimes: { cells: unknown[]; best: { dayOfWeek: number; hourOfDay: number }[] };
      };
    }>(
      `query($id: ID!) { channel(id: $id) { postCount latestSubscriberCount { count } growthForecast(days: 30) { days points { value } baseline { value } }
        postingTimes { cells { dayOfWeek } best(count: 3) { dayOfWeek hourOfDay } } } }`,
      { id },
    );
    const expected = data!.channel;
    const page = await system.openPage(`/channels/${id}`);
    const head = page.locator(`[data-testid="channel-page"][data-channel-id="${id}"]`);
    await expect.poll(() => head.getAttribute('data-subscribers')).toBe(String(expected.latestSubscriberCount.count));
    expect(await head.getAttribute('data-post-count')).toBe(String(expected.postCount));

    // The forecast chart: history and forecast drawn, the 80 % and 95 % bands, the median where the gateway puts it.
    const chart = page.getByTestId('growth-chart');
    await expect.poll(() => chart.getAttribute('data-band-count')).toBe('2');
    const forecast = page.getByTestId('growth-forecast');
    expect(await forecast.getAttribute('data-forecast-points')).toBe(String(expected.growthForecast.points.length));
    expect(Number(await forecast.getAttribute('data-history-points'))).toBeGreaterThan(0);
    const summary = page.getByTestId('forecast-summary');
    expect(await summary.getAttribute('data-forecast-days')).toBe(String(expected.growthForecast.days));
    expect(Number(await summary.getAttribute('data-forecast-median'))).toBeCloseTo(expected.growthForecast.points.at(-1)!.value, 6);
    // History, median and the baseline's path at least, besides the band edges.
    expect(Number(await chart.getAttribute('data-series-count'))).toBeGreaterThanOrEqual(3);

    // Best time to post: 168 cells (weekday × hour), the best three the gateway names, from one postingTimes request.
    await expect.poll(() => page.getByTestId('posting-heatmap').getAttribute('data-heatmap-cells')).toBe(String(7 * 24));
    expect(expected.postingTimes.cells).toHaveLength(7 * 24);
    expect(await page.getByTestId('best-times').getAttribute('data-best')).toBe(expected.postingTimes.best.map((b) => `${b.dayOfWeek}:${b.hourOfDay}`).join(' '));
    expect(system.operationsOf(page).filter((name) => name === 'ChannelPostingTimes')).toHaveLength(1);

    // Engagement history against what was predicted for those posts.
    await expect.poll(async () => Number(await page.getByTestId('engagement-history').getAttribute('data-post-count'))).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="engagement-posts"] tr[data-post-id]').count()).toBeGreaterThan(0);
    expect(system.problemsOf(page)).toEqual([]);
  });

  it("Channel: a draft typed into the box gets its viral score, the one the gateway gives that text, and a new score when it changes", async () => {
    const page = await system.openPage(`/channels/${channels[0]!.id}`);
    const box = page.getByTestId('draft-text');
    const score = page.locator('[data-testid="draft-result"] [data-viral-score]');
    const scoreOf = async (content: string) => {
      const { data } = await system.stack.query<{ detectViralPotential: { score: number } }>('query($c: String!) { detectViralPotential(content: $c) { score } }', { c: content });
      return data!.detectViralPotential.score;
    };
    const first = 'Breaking: we tested every budget phone of the year. The winner will surprise you — full results inside!';
    await box.pressSequentially(first.slice(0, 20));
    await box.fill(first);
    await expect.poll(() => score.getAttribute('data-scored-length')).toBe(String(first.length));
    expect(Number(await score.getAttribute('data-viral-score'))).toBeCloseTo(await scoreOf(first), 6);

    const second = 'Meeting notes, Tuesday.';
    await box.fill(second);
    await expect.poll(() => score.getAttribute('data-scored-length')).toBe(String(second.length));
    expect(Number(await score.getAttribute('data-viral-score'))).toBeCloseTo(await scoreOf(second), 6);
    expect(system.problemsOf(page)).toEqual([]);
  });

  it("Models: every model with the active version and candidates the gateway answers; a model's page with its versions", async () => {
    const { data } = await system.stack.query<{ models: { id: string; activeVersion: string | null; versions: { version: string; active: boolean }[]; candidates: unknown[] }[] }>(
      '{ models { id activeVersion versions { version active } candidates { version } } }',
    );
    const expected = data!.models;
    const page = await system.openPage('/models');
    const rows = page.locator('[data-testid="models-table"] tr[data-model-id]');
    await expect.poll(() => rows.count()).toBe(expected.length);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({ id: tr.getAttribute('data-model-id'), active: tr.getAttribute('data-active-version'), candidates: Number(tr.getAttribute('data-candidate-count')) })),
    );
    expect(Object.fromEntries(shown.map((r) => [r.id, r]))).toEqual(
      Object.fromEntries(expected.map((m) => [m.id, { id: m.id, active: m.versions.find((v) => v.active)?.version ?? m.activeVersion ?? '', candidates: m.candidates.length }])),
    );

    const engagement = expected.find((m) => m.id === 'engagement')!;
    await page.locator('[data-testid="models-table"] tr[data-model-id="engagement"] a').click();
    const model = page.locator('[data-testid="model-page"][data-model-id="engagement"]');
    await expect.poll(() => model.getAttribute('data-active-version')).toBe(engagement.versions.find((v) => v.active)!.version);
    await expect.poll(() => page.getByTestId('versions').getAttribute('data-version-count')).toBe(String(engagement.versions.length));
    expect(await page.getByTestId('drift-history').count()).toBe(1);
    expect(await page.getByTestId('performance-trend').count()).toBe(1);
    expect(system.problemsOf(page)).toEqual([]);
  });
});
