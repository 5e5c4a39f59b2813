/**
 * `pnpm demo:drift [--channel demo-1] [--predictions 320] [--shift-at 200] [--gateway URL] [--token T]`:
 * makes a running system (`pnpm start`) drift, so the adaptive loop can be watched in Sandbox.
 * It serves engagement predictions for one channel through the gateway, then feeds back outcomes
 * that follow the predictions closely for the first `--shift-at` items and engage clearly more
 * after them (the model got worse). Drift detects it on its own (DRIFT_POLL_MS), the alert reaches
 * `driftAlerts` subscribers and the gateway's own subscription, which starts an adaptation run.
 * Each run uses other inputs (`--seed`), so its predictions and feedback are new ones.
 */
import { parseArgs } from 'node:util';
import { httpGraphQLClient } from '@telepulse/devstack/seed';
import { distinctEngagementRequests, shiftedEngagementFeedback } from '@telepulse/devstack/shifted-feedback';
import { mintLocalToken } from './local-token.js';

const { values } = parseArgs({
  options: {
    channel: { type: 'string', default: 'demo-1' },
    predictions: { type: 'string', default: '320' },
    'shift-at': { type: 'string', default: '200' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    gateway: { type: 'string', default: 'http://127.0.0.1:4000/graphql' },
    token: { type: 'string' },
  },
});
const n = Number(values.predictions);
const shiftAt = Number(values['shift-at']);
const seed = Number(values.seed);
if (!Number.isInteger(n) || n < 1 || n > 1000 || !Number.isInteger(shiftAt) || shiftAt < 0 || shiftAt >= n || !Number.isInteger(seed)) {
  console.error('usage: pnpm demo:drift [--channel demo-1] [--predictions 1..1000] [--shift-at 0..predictions-1] [--seed N] [--gateway URL] [--token T]');
  process.exit(2);
}
const token = values.token ?? (await mintLocalToken({ subject: 'demo-drift', scopes: ['predict', 'feedback'], expiresIn: '1h' }));
const query = httpGraphQLClient(values.gateway, token);

// Another seed moves every request's content length, so the predictions (and their ids) are new.
const requests = distinctEngagementRequests(values.channel, n).map((r) => ({ ...r, features: { ...r.features, contentLength: r.features.contentLength + (seed % 5000) } }));
console.log(`serving ${n} engagement predictions for ${values.channel} through ${values.gateway} …`);
const predicted = await query(`mutation($r: [EngagementRequestInput!]!) { batchPredictEngagement(requests: $r) { id predictedEngagement modelVersion } }`, { r: requests });
if (predicted.errors || !predicted.data) {
  console.error(`batchPredictEngagement failed: ${JSON.stringify(predicted.errors)}`);
  process.exit(1);
}
const served = predicted.data.batchPredictEngagement as { id: string; predictedEngagement: number; modelVersion: string }[];
console.log(`served ${served.length} by engagement ${served[0]!.modelVersion}; feeding back outcomes that shift after item ${shiftAt} …`);
const fed = await query(`mutation($items: [FeedbackItemInput!]!) { submitFeedbackBatch(items: $items) { id error } }`, { items: shiftedEngagementFeedback(served, { seed, shiftAt }) });
if (fed.errors || !fed.data) {
  console.error(`submitFeedbackBatch failed: ${JSON.stringify(fed.errors)}`);
  process.exit(1);
}
const errors = (fed.data.submitFeedbackBatch as { error: number }[]).map((f) => f.error);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
console.log(`fed back ${errors.length}: mean error ${mean(errors.slice(0, shiftAt)).toFixed(4)} before the shift, ${mean(errors.slice(shiftAt)).toFixed(4)} after`);
console.log('watch in Sandbox: the driftAlerts subscription, then { model(id: "engagement") { adaptationRuns(limit: 3) { id trigger state reason steps { name state } } versions { version active } } }');
