import { Counter, Histogram, Registry } from 'prom-client';
import { observeModelRuns } from './model-runs.js';
import { processMetricsRegistry } from './process-metrics.js';
import { scrapedMetric } from './scraped-metric.js';

/**
 * One service's Prometheus metrics (the gateway's or a subgraph's), in a registry of its own
 * rather than prom-client's global one: the test stack runs every service in one process, and
 * their series must neither collide nor mix. What `/metrics` serves is this registry after the
 * process's default metrics (process-metrics.ts).
 */

/** Seconds: from a cached read (~1 ms) to a request at the gateway's deadline (30 s). */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Rows per model run: powers of two up to the largest batch a batcher is configured for. */
const BATCH_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
/**
 * Distinct operation names kept as label values per service; later ones are counted as
 * `other`. Clients name their operations, so without a bound a client could grow the series
 * (and the gateway's memory) without end.
 */
export const MAX_OPERATION_NAMES = 200;

/** A plain counter pair another module keeps (the gateway's dedup, a store's cache); read at scrape time. */
export interface HitCounter {
  readonly hits: number;
  readonly misses: number;
}

/** How a request, a fetch or a command ended. */
export type Outcome = 'ok' | 'error';

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly hitSources = new Map<string, HitCounter>();
  private readonly unsubscribes: (() => void)[] = [];

  private readonly requests: Counter<'operation_name' | 'operation_type' | 'outcome'>;
  private readonly requestSeconds: Histogram<'operation_name' | 'operation_type'>;
  private readonly fetchSeconds: Histogram<'subgraph' | 'outcome'>;
  private readonly batchSize: Histogram<'model'>;
  private readonly queueSeconds: Histogram<'model'>;
  private readonly computeSeconds: Histogram<'model'>;
  private readonly modelRuns: Counter<'model' | 'outcome'>;
  private readonly commandSeconds: Histogram<'command' | 'outcome'>;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'telepulse_graphql_requests_total',
      help: 'GraphQL requests answered, by operation name (anonymous: none; other: past the name limit), type (query, mutation, subscription; unknown: not parsed) and outcome (error: any GraphQL error in the answer)',
      labelNames: ['operation_name', 'operation_type', 'outcome'],
      registers,
    });
    const histogram = <L extends string>(name: string, help: string, labelNames: L[], buckets = DURATION_BUCKETS) =>
      new Histogram<L>({ name, help, labelNames, buckets, registers });
    this.requestSeconds = histogram(
      'telepulse_graphql_request_duration_seconds',
      'Time from the request reaching Apollo Server to its answer being ready, by operation name and type',
      ['operation_name', 'operation_type'],
    );
    this.fetchSeconds = histogram(
      'telepulse_subgraph_fetch_duration_seconds',
      "Gateway only: one fetch from a subgraph, from the query plan's fetch starting to its answer, by subgraph and outcome",
      ['subgraph', 'outcome'],
    );
    this.batchSize = histogram('telepulse_model_batch_size', 'Rows per model run (dynamic batching), by model', ['model'], BATCH_SIZE_BUCKETS);
    this.queueSeconds = histogram('telepulse_model_queue_seconds', "Time a model run's first row waited in the batcher before the run started, by model", ['model']);
    this.computeSeconds = histogram('telepulse_model_compute_seconds', 'Time one model run took (worker round-trip and inference), by model', ['model']);
    this.modelRuns = new Counter({ name: 'telepulse_model_runs_total', help: 'Model runs (batches), by model and outcome', labelNames: ['model', 'outcome'], registers });
    this.commandSeconds = histogram(
      'telepulse_mongodb_command_duration_seconds',
      "MongoDB commands as the driver's command monitoring times them, by command name and outcome",
      ['command', 'outcome'],
    );
    // Read from their owners at scrape time: nothing is recorded on their hot path.
    const hits = (read: (counter: HitCounter) => number) => () => [...this.hitSources].map(([source, counter]) => [source, read(counter)] as const);
    scrapedMetric(this.registry, 'counter', { name: 'telepulse_hits_total', help: 'Lookups answered without doing the work again (in-flight dedup at the gateway), by source', label: 'source' }, hits((c) => c.hits));
    scrapedMetric(this.registry, 'counter', { name: 'telepulse_misses_total', help: 'Lookups that had to do the work, by source', label: 'source' }, hits((c) => c.misses));
  }

  /** Records one GraphQL request's answer. */
  requestEnded(operationName: string | undefined, operationType: string | undefined, outcome: Outcome, seconds: number): void {
    const operation_name = this.operationLabel(operationName);
    const operation_type = operationType ?? 'unknown';
    this.requests.inc({ operation_name, operation_type, outcome });
    this.requestSeconds.observe({ operation_name, operation_type }, seconds);
  }

  /** Records one subgraph fetch at the gateway. */
  fetchEnded(subgraph: string, outcome: Outcome, seconds: number): void {
    this.fetchSeconds.observe({ subgraph, outcome }, seconds);
  }

  /** Records one MongoDB command (driver command monitoring; see mongo-command-metrics.ts). */
  commandEnded(command: string, outcome: Outcome, seconds: number): void {
    this.commandSeconds.observe({ command, outcome }, seconds);
  }

  /** Measures the runs of the named models (those this service serves) from the process's model-run feed. */
  observeModels(models: readonly string[]): void {
    if (models.length === 0) return;
    const served = new Set(models);
    this.unsubscribes.push(
      observeModelRuns((model, size, queueMs, computeMs, failed) => {
        if (!served.has(model)) return;
        this.modelRuns.inc({ model, outcome: failed ? 'error' : 'ok' });
        if (failed) return;
        this.batchSize.observe({ model }, size);
        this.queueSeconds.observe({ model }, queueMs / 1000);
        this.computeSeconds.observe({ model }, computeMs / 1000);
      }),
    );
  }

  /** Reports `counter` as `telepulse_hits_total` / `telepulse_misses_total{source=name}`; a second one under a name replaces the first. */
  registerHitCounter(name: string, counter: HitCounter): void {
    this.hitSources.set(name, counter);
  }

  /** Runs `stop` when the service closes its metrics (listeners on shared emitters). */
  onClose(stop: () => void): void {
    this.unsubscribes.push(stop);
  }

  /** The exposition text: the process's default metrics, then this service's. */
  async render(): Promise<string> {
    return (await processMetricsRegistry().metrics()) + '\n' + (await this.registry.metrics());
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Stops listening to model runs and database commands; the registry keeps what it has. */
  close(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  private operationLabel(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }
}
