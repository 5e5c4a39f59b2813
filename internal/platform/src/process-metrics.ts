import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * Node's own metrics (CPU, memory, event-loop lag, GC, handles), collected once per process
 * into a registry of their own: in the test stack several services share one process, and
 * collecting per service would install the GC and event-loop observers once per service and
 * report the same process several times under colliding names.
 */
let registry: Registry | undefined;

/** The process registry, its default metrics collected from the first call on. */
export function processMetricsRegistry(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}
