import { randomUUID } from 'node:crypto';
import type { Identity } from '@telepulse/platform/identity';
import { RequestLoopError } from '@telepulse/platform/supergraph-client';
import type { RequestTrace } from '@telepulse/platform/request-trace';
import { BeginAdaptationRunDocument } from '../__generated__/supergraph-operations.js';
import type { Severity, Trigger } from './adaptation-policy.js';
import type { SupergraphCall } from './loopback-caller.js';
import { runPipeline, type PipelineSettings, type RunOutcome } from './run-pipeline.js';

/** A run as the adaptation subgraph returns it: its id (learning answers every other field). */
export interface BegunRun {
  id: string;
}

/** The trace name runs carry in `via`, so a run never starts another through itself. */
const VIA = 'adaptation';

export interface CoordinatorOptions {
  /** A caller of the supergraph acting as `identity`, for one run (its trace). */
  callerFor(identity: Identity, trace: RequestTrace): SupergraphCall;
  settings: PipelineSettings;
  /** Where a run's end is logged. */
  log?: (line: string) => void;
}

/**
 * Starts adaptation runs: begins the run in learning (which takes the model's lease: a run
 * already going is a CONFLICT, thrown to whoever asked) and carries it out in the background,
 * as `identity` throughout (the caller's for runs on demand, PIPELINE_IDENTITY for the schedule
 * and drift alerts). The gateway keeps no state beyond the runs in flight, which `stop` ends:
 * each stops at its next step and is recorded FAILED.
 */
export class AdaptationCoordinator {
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: CoordinatorOptions) {}

  /** Begins a run of `modelId` and returns it once learning has stored it; the steps go on in the background. */
  async start(modelId: string, trigger: Trigger, identity: Identity, context: { trace?: RequestTrace; alert?: { id: string; severity: Severity } } = {}): Promise<BegunRun> {
    const parent = context.trace ?? { requestId: randomUUID(), via: [] };
    if (parent.via.includes(VIA)) throw new RequestLoopError(parent, VIA);
    const trace: RequestTrace = { requestId: parent.requestId, via: [...parent.via, VIA] };
    const call = this.options.callerFor(identity, trace);
    const { beginAdaptationRun: run } = await call(BeginAdaptationRunDocument, { modelId, trigger });
    const log = this.options.log ?? ((line: string) => console.log(`[gateway] ${line}`));
    const done = runPipeline(call, { runId: run.id, modelId, trigger, alert: context.alert ?? null }, this.options.settings, this.stopping.signal).then((ending: RunOutcome) =>
      log(`adaptation run ${run.id} of ${modelId} (${trigger}) ended ${ending.outcome}${ending.reason ? `: ${ending.reason}` : ''}`),
    );
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
    return { id: run.id };
  }

  /** Runs in flight now. */
  get running(): number {
    return this.inFlight.size;
  }

  /** Stops every run in flight (each recorded FAILED at its next step) and waits for them. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight]);
  }
}
