/**
 * Engagement predictions to serve and feedback on them from a shifted distribution: what the
 * drift and adaptive-pipeline tests start from, and what `pnpm demo:drift` sends to a running
 * system so the adaptive loop can be watched by hand.
 */
import { Random } from '@telepulse/dataset';

/** `n` engagement requests on one channel whose inputs all differ (every (hour, weekday) pair, a growing length), so every prediction id does. */
export function distinctEngagementRequests(channelId: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    channelId,
    features: { hourOfDay: i % 24, dayOfWeek: Math.floor(i / 24) % 7, contentLength: 40 + i, hasMedia: i % 3 === 0 },
  }));
}

/**
 * Feedback on served engagement predictions from a shifted distribution: observed rates within
 * ≈ 0.005 of the prediction for the first `shiftAt` items, then ≈ 0.05 off, on the same side (the
 * channel's posts now engage more than the model expects), always inside 0..1. Seeded, so a test
 * sees the same errors every run.
 */
export function shiftedEngagementFeedback(served: readonly { id: string; predictedEngagement: number }[], { seed, shiftAt = 200 }: { seed: number; shiftAt?: number }) {
  const random = new Random(seed);
  return served.map((p, i) => {
    const off = Math.abs(random.normal()) * (i < shiftAt ? 0.005 : 0.05);
    return { predictionId: p.id, outcome: { engagementRate: Math.min(1, Math.max(0, p.predictedEngagement + (p.predictedEngagement > 0.5 ? -off : off))) } };
  });
}
