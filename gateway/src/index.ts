import { readFileSync } from 'node:fs';
import { runService } from '@telepulse/platform/run-service';
import { gatewayAdaptation, gatewayLimits, gatewaySubscriptions, gatewayTransport, loadEnv } from './env.js';
import { createGatewayServer } from './server.js';

await runService('gateway', async () => {
  const env = loadEnv();
  const server = createGatewayServer({
    supergraphSdl: readFileSync(env.SUPERGRAPH_PATH, 'utf8'),
    urlOverrides: env.urlOverrides,
    landingPage: env.LANDING_PAGE,
    healthTimeoutMs: env.HEALTH_TIMEOUT_MS,
    limits: gatewayLimits(env),
    subscriptions: gatewaySubscriptions(env),
    adaptation: gatewayAdaptation(env),
    transport: gatewayTransport(env),
    deadlineMs: env.GATEWAY_DEADLINE_MS,
    userTokens: { jwtSecret: env.AUTH_JWT_SECRET, jwksUrl: env.AUTH_JWKS_URL, issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE },
    subgraphSecret: env.SUBGRAPH_SECRET,
    metricsPort: env.METRICS_PORT,
  });
  return server.listen(env.GATEWAY_PORT, env.HOST);
});
