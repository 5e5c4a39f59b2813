import { AdaptationCandidatesDocument } from '../__generated__/supergraph-operations.js';
import type { AdaptationCoordinator } from '../pipeline/adaptation-coordinator.js';
import { PIPELINE_IDENTITY, type SupergraphCall } from '../pipeline/loopback-caller.js';

/**
 * ADAPTATION_SCHEDULE_MS: every period, a SCHEDULE run of each catalog model that takes feedback
 * and has some not yet processed (a model with nothing new has nothing to adapt to). A model
 * whose run is still going is left alone (its lease: CONFLICT, logged). Ticks never overlap.
 * `stop` clears the timer; a tick under way finishes its starts.
 */
export function startSchedule(options: { periodMs: number; coordinator: AdaptationCoordinator; call: SupergraphCall; log?: (line: string) => void }): { stop(): void } {
  const log = options.log ?? ((line) => console.log(`[gateway] ${line}`));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const { models } = await options.call(AdaptationCandidatesDocument, {});
      for (const model of models) {
        if (stopped) return;
        if (!model.outcome || model.feedbackSummary.unprocessed === 0) continue;
        await options.coordinator.start(model.id, 'SCHEDULE', PIPELINE_IDENTITY).then(
          (run) => log(`scheduled adaptation run ${run.id} of ${model.id}`),
          (error: Error & { code?: string }) => log(`scheduled adaptation of ${model.id} not started: ${error.message}`),
        );
      }
    } catch (error) {
      log(`the adaptation schedule could not list the models: ${(error as Error).message}`);
    } finally {
      if (!stopped) timer = setTimeout(tick, options.periodMs);
    }
  };
  timer = setTimeout(tick, options.periodMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
