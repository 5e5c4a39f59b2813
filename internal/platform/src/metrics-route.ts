import type { RequestHandler } from 'express';
import type { ServiceMetrics } from './service-metrics.js';

/** Addresses a scrape may come from: this machine only. */
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * GET /metrics: the Prometheus exposition of the service, answered only to connections from
 * loopback (403 otherwise). Services listen on 127.0.0.1 by default and then only loopback can
 * reach them anyway; a gateway listening on every interface keeps its metrics (operation names,
 * traffic) away from its clients, and a Prometheus elsewhere scrapes through an agent or
 * sidecar on the host. A reverse proxy on the same host must not forward /metrics: to this
 * check its requests come from loopback.
 */
export function metricsRoute(metrics: ServiceMetrics): RequestHandler {
  return (req, res, next) => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      res.status(403).type('text/plain').send('/metrics is served to loopback only\n');
      return;
    }
    metrics.render().then((text) => void res.type(metrics.contentType).send(text), next);
  };
}
