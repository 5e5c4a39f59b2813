import type { CommandFailedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';
import type { ServiceMetrics } from './service-metrics.js';

/**
 * Times every command of `client` into `metrics` through the driver's command monitoring (the
 * client must be created with `monitorCommands: true`, see createMongoClient): the driver
 * measures each command's round-trip itself and reports it on success and failure, so nothing
 * is wrapped around the stores' calls. Stops when the metrics close.
 */
export function observeMongoCommands(client: MongoClient, metrics: ServiceMetrics): void {
  const succeeded = (event: CommandSucceededEvent) => metrics.commandEnded(event.commandName, 'ok', event.duration / 1000);
  const failed = (event: CommandFailedEvent) => metrics.commandEnded(event.commandName, 'error', event.duration / 1000);
  client.on('commandSucceeded', succeeded);
  client.on('commandFailed', failed);
  metrics.onClose(() => {
    client.off('commandSucceeded', succeeded);
    client.off('commandFailed', failed);
  });
}
