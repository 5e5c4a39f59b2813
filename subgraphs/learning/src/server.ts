import { mongoProbe } from '@telepulse/platform/probes';
import { SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { mountArtifactRoutes } from './artifact-api/artifact-routes.js';
import { createContext, type Context } from './context.js';
import { loadEnv } from './env.js';
import { registryProbe } from './registry/registry-probe.js';
import { seedRegistry } from './registry/seed-registry.js';
import { resolvers } from './resolvers/index.js';
import { AdaptationRunStore } from './store/adaptation-run-store.js';
import { supergraphExamples } from './clients/learning-examples.js';
import { DEFAULT_LEARNING_RATE_CONFIG } from './domain/learning-rate.js';
import { LearningJobs } from './jobs/learning-jobs.js';
import { runInWorker } from './jobs/update-thread.js';
import { ChallengerEvaluationStore } from './store/challenger-evaluation-store.js';
import { LearningJobStore } from './store/learning-job-store.js';
import { LearningLeaseStore } from './store/learning-lease-store.js';
import { LearningRateStore } from './store/learning-rate-store.js';
import { VersionStore } from './store/version-store.js';

export interface LearningRuntime extends SubgraphRuntime<Context> {
  versions: VersionStore;
  learning: LearningJobs;
}

/**
 * Builds the learning subgraph's runtime: its registry seeded from the committed artifacts
 * (again every LEARNING_SEED_RETRY_MS while MongoDB is away), the internal artifact API the
 * predicting subgraphs follow, the learning jobs (run in worker threads), the resolvers; listens nowhere.
 */
export async function createRuntime({ db, env, subgraphSecret }: SubgraphDeps): Promise<LearningRuntime> {
  const settings = loadEnv(env);
  const versions = new VersionStore(db);
  const seeded = { active: new Map<string, string>(), unseeded: [] as string[] };
  let retry: NodeJS.Timeout | undefined;
  const seed = async (models?: readonly string[]) => {
    const outcome = await seedRegistry(versions.registry, models);
    for (const [id, version] of outcome.active) seeded.active.set(id, version);
    seeded.unseeded = outcome.unreachable;
    if (outcome.unreachable.length > 0) {
      console.warn(`[learning] registry not seeded (MongoDB unreachable) for ${outcome.unreachable.join(', ')}; next try in ${settings.LEARNING_SEED_RETRY_MS} ms`);
      retry = setTimeout(() => void seed(outcome.unreachable).catch((error: unknown) => console.error(`[learning] seeding failed: ${String(error)}`)), settings.LEARNING_SEED_RETRY_MS);
      retry.unref();
    }
  };
  await seed();
  console.log(`[learning] active versions: ${[...seeded.active].map(([id, v]) => `${id}@${v}`).join(', ') || 'none yet'}`);
  const rates = new LearningRateStore(db, { ...DEFAULT_LEARNING_RATE_CONFIG, initialRate: settings.LEARNING_INITIAL_RATE });
  const evaluations = new ChallengerEvaluationStore(db);
  const learning = new LearningJobs({
    jobs: new LearningJobStore(db),
    leases: new LearningLeaseStore(db, settings.LEARNING_LEASE_MS),
    rates,
    evaluations,
    versions,
    examples: supergraphExamples(new SupergraphClient({ url: settings.GATEWAY_URL, timeoutMs: settings.GATEWAY_TIMEOUT_MS, caller: 'learning' })),
    runUpdate: runInWorker,
    settings: { epochs: settings.LEARNING_EPOCHS, replaySize: settings.LEARNING_REPLAY_SIZE, resamples: settings.LEARNING_BOOTSTRAP_RESAMPLES, maxExamples: settings.LEARNING_MAX_EXAMPLES },
  });
  const services = { versions, learning, rates, evaluations, adaptationRuns: new AdaptationRunStore(db, settings.LEARNING_ADAPTATION_LEASE_MS) };
  return {
    resolvers,
    context: (scope) => createContext(services, scope),
    probes: [mongoProbe(db), registryProbe(() => seeded)],
    routes: (app) => mountArtifactRoutes(app, { registry: versions.registry, secret: subgraphSecret }),
    dispose: async () => {
      clearTimeout(retry);
      await learning.stop();
    },
    versions,
    learning,
  };
}
