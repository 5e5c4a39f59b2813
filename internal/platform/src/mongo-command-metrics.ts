import type { CommandFailedEvent, CommandSucceededEvent, Db } from 'mongodb';
import type { ServiceMetrics } from './service-metrics.js';

/**
 * Times every command on `db` into `metrics` through the driver's command monitoring: the
 * driver measures each command's round-trip itself and reports it on success and failure, so
 * nothing is wrapped around the stores' calls. Only a client created with `monitorCommands:
 * true` (createMongoClient) emits them. Commands on other databases of the same client (the
 * test stack shares one client between every subgraph) are left to their own subgraphs. Stops
 * when the metrics close.
 */
export function observeMongoCommands(db: Db, metrics: ServiceMetrics): void {
  const database = db.databaseName;
  const client = db.client;
  const succeeded = (event: CommandSucceededEvent) => {
    if (event.databaseName === database) metrics.commandEnded(event.commandName, 'ok', event.duration / 1000);
  };
  const failed = (event: CommandFailedEvent) => {
    if (event.databaseName === database) metrics.commandEnded(event.commandName, 'error', event.duration / 1000);
  };
  client.on('commandSucceeded', succeeded);
  client.on('commandFailed', failed);
  metrics.onClose(() => {
    client.off('commandSucceeded', succeeded);
    client.off('commandFailed', failed);
  });
}
