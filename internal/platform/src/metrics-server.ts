import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceMetrics } from './service-metrics.js';

/**
 * The metrics port (METRICS_PORT): GET /metrics on a listener of its own, answered to any
 * address, for a Prometheus in a cluster that scrapes each pod directly (the pod annotations of
 * deploy/k8s name this port). The service's own port keeps answering /metrics to loopback only
 * (metrics-route.ts), and the Kubernetes Service exposes only that port, so clients never reach
 * this one; a NetworkPolicy decides who can. Anything but GET /metrics is 404: nothing else is
 * served here.
 */
export interface MetricsServer {
  /** The port it listens on (the one asked for, or the one picked for 0). */
  port: number;
  close(): Promise<void>;
}

/** Listens on `host:port` (0: any free one) and resolves once it does; rejects when the port cannot be had. */
export async function listenMetrics(metrics: ServiceMetrics, port: number, host: string): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics is served on the metrics port\n');
      return;
    }
    metrics.render().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics could not be rendered: ${(error as Error).message}\n`),
    );
  });
  // A scrape keeps no connection open for long; closing idle ones lets close() finish at once.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
