import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * A metric whose values another module keeps (plain counters updated in place) and that is
 * read only when scraped: one series per entry of `values()`, labelled `label`. Nothing is
 * recorded on the owner's hot path. A `counter` must be given values that only grow (or
 * restart with the process).
 */
export function scrapedMetric(
  registry: Registry,
  kind: 'counter' | 'gauge',
  config: { name: string; help: string; label: string },
  values: () => Iterable<readonly [string, number]>,
): void {
  const { name, help, label } = config;
  scrapedLabelledMetric(registry, kind, { name, help, labels: [label] }, function* () {
    for (const [key, value] of values()) yield [{ [label]: key }, value] as const;
  });
}

/**
 * `scrapedMetric` with several labels: one series per entry of `values()`, each entry its
 * labels' values and the number (the gateway's fetches by subgraph, replica and outcome).
 */
export function scrapedLabelledMetric<L extends string>(
  registry: Registry,
  kind: 'counter' | 'gauge',
  config: { name: string; help: string; labels: readonly L[] },
  values: () => Iterable<readonly [Record<L, string>, number]>,
): void {
  const common = { name: config.name, help: config.help, labelNames: [...config.labels], registers: [registry] };
  if (kind === 'counter') {
    new Counter<L>({
      ...common,
      collect() {
        this.reset();
        for (const [labels, value] of values()) this.inc(labels as never, value);
      },
    });
  } else {
    new Gauge<L>({
      ...common,
      collect() {
        this.reset();
        for (const [labels, value] of values()) this.set(labels as never, value);
      },
    });
  }
}
