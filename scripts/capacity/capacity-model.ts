/**
 * The capacity model: from the measured cost of a prediction (CPU ms per request of every
 * process, database commands and documents per request) to what 100, 1,000 and 10,000
 * predictions/s need: cores and replicas per service, the database's load, whether FerretDB on
 * SQLite carries it and what a MongoDB replica set's primary would need, and which part
 * saturates first. Pure arithmetic on the measurements: everything here is extrapolation, and
 * the assumptions are the constants below, named so the tables can state them.
 */

/** A replica's size: a CPU limit of 1 (one Node event loop; more only helps the ONNX worker threads) and the HPA's target utilisation of it. */
export const REPLICA = { cpu: 1, target: 0.7, minReplicas: 2 } as const;
/** FerretDB on SQLite: one instance (SQLite serialises writes to its file; it cannot be replicated), its ceiling taken as one core. */
export const FERRETDB_CORES = 1;
/**
 * Extrapolation, not measured (no mongod here): a MongoDB primary spends no more CPU per command
 * than FerretDB + SQLite spend here (FerretDB translates each command to SQL on top of the work
 * mongod does itself); WiredTiger's document-level concurrency spreads it over the primary's
 * cores. A primary of 8 vCPU at 70 %; past it, shard.
 */
export const MONGO_PRIMARY = { cpu: 8, target: 0.7 } as const;
/** A process using less than this share of a path's CPU is not counted as on it (what is left is its own pollers' noise). */
export const ON_PATH_SHARE = 0.02;

/** The processes on a path: those using at least ON_PATH_SHARE of its CPU per request. */
export function onPath(cpuMsPerRequest: Record<string, number | undefined>): [string, number][] {
  const total = Object.values(cpuMsPerRequest).reduce<number>((a, b) => a + (b ?? 0), 0);
  return Object.entries(cpuMsPerRequest).filter((e): e is [string, number] => e[1] !== undefined && e[1] >= ON_PATH_SHARE * total);
}

/** What one request of a path costs, as measured. */
export interface PathCost {
  label: string;
  predictionsPerRequest: number;
  /** ms of CPU per request by process (the database's process under `database`). */
  cpuMsPerRequest: Record<string, number | undefined>;
  /** Database commands per request, all subgraphs together. */
  commandsPerRequest: number;
  /** Documents the databases gained per request. */
  documentsPerRequest: number;
}

export interface PartLoad {
  name: string;
  cores: number;
  replicas: number;
  /** Of the replicas' CPU limits. */
  utilisation: number;
}

export interface LevelCapacity {
  predictionsPerSecond: number;
  requestsPerSecond: number;
  services: PartLoad[];
  commandsPerSecond: number;
  documentsPerSecond: number;
  /** Cores the database spends (measured FerretDB CPU × rate). */
  databaseCores: number;
  /** databaseCores / FERRETDB_CORES. */
  ferretUtilisation: number;
  /** databaseCores / the primary's usable cores (extrapolation). */
  mongoUtilisation: number;
  /** The part with the highest utilisation, with FerretDB and with MongoDB. */
  firstWithFerret: string;
  firstWithMongo: string;
}

export interface PathCapacity {
  cost: PathCost;
  /** Predictions/s FerretDB on SQLite carries on its one core, from its measured CPU per prediction. */
  ferretCeiling: number;
  /** Predictions/s one replica of each service carries at the HPA target. */
  perReplica: Record<string, number>;
  levels: LevelCapacity[];
}

export const LEVELS = [100, 1_000, 10_000] as const;

/** The capacity of one path at each level; `database` names the database's process among the costs. */
export function pathCapacity(cost: PathCost, database: string, levels: readonly number[] = LEVELS): PathCapacity {
  const services = onPath(cost.cpuMsPerRequest).filter(([name]) => name !== database);
  const dbMs = cost.cpuMsPerRequest[database] ?? 0;
  const perPrediction = (ms: number) => ms / cost.predictionsPerRequest;
  return {
    cost,
    ferretCeiling: dbMs > 0 ? (FERRETDB_CORES * 1000) / perPrediction(dbMs) : Number.POSITIVE_INFINITY,
    perReplica: Object.fromEntries(services.map(([name, ms]) => [name, (REPLICA.cpu * REPLICA.target * 1000) / perPrediction(ms)])),
    levels: levels.map((predictionsPerSecond) => {
      const requestsPerSecond = predictionsPerSecond / cost.predictionsPerRequest;
      const loads = services.map(([name, ms]) => {
        const cores = (requestsPerSecond * ms) / 1000;
        const replicas = Math.max(REPLICA.minReplicas, Math.ceil(cores / (REPLICA.cpu * REPLICA.target)));
        return { name, cores, replicas, utilisation: cores / (replicas * REPLICA.cpu) };
      });
      const databaseCores = (requestsPerSecond * dbMs) / 1000;
      const ferretUtilisation = databaseCores / FERRETDB_CORES;
      const mongoUtilisation = databaseCores / (MONGO_PRIMARY.cpu * MONGO_PRIMARY.target);
      const busiest = [...loads].sort((a, b) => b.utilisation - a.utilisation)[0];
      const first = (dbName: string, dbUtilisation: number) => (!busiest || dbUtilisation >= busiest.utilisation ? dbName : busiest.name);
      return {
        predictionsPerSecond,
        requestsPerSecond,
        services: loads,
        commandsPerSecond: requestsPerSecond * cost.commandsPerRequest,
        documentsPerSecond: requestsPerSecond * cost.documentsPerRequest,
        databaseCores,
        ferretUtilisation,
        mongoUtilisation,
        firstWithFerret: first('FerretDB', ferretUtilisation),
        firstWithMongo: first('MongoDB primary', mongoUtilisation),
      };
    }),
  };
}

/** Kubernetes resources for one service's replica. */
export interface Resources {
  cpuRequestMillis: number;
  cpuLimitMillis: number;
  memoryRequestMi: number;
  memoryLimitMi: number;
  /** Requests/s of its typical operation one replica serves at the HPA target of its request. */
  requestsPerSecondAtTarget: number;
}

/** Off the prediction path, a replica requests this much CPU (its HPA then scales at 70 % of it). */
export const LIGHT_CPU_REQUEST_MILLIS = 250;

const roundUp = (v: number, step: number) => Math.ceil(v / step) * step;

/**
 * A replica's requests and limits: CPU limit 1; CPU request what a replica of the prediction
 * path uses at 1,000 predictions/s divided by the HPA target (rounded up to 50m, between the
 * light request and the limit), the light request elsewhere; memory request the peak RSS measured
 * + 25 %, limit + 50 % (rounded up to 32 Mi and 64 Mi).
 */
export function recommendedResources(options: { peakRssMb: number; cpuMsPerRequest: number; atThousand?: PartLoad }): Resources {
  const cpuLimitMillis = REPLICA.cpu * 1000;
  const cpuRequestMillis = options.atThousand
    ? Math.min(cpuLimitMillis, Math.max(LIGHT_CPU_REQUEST_MILLIS, roundUp(((options.atThousand.cores / options.atThousand.replicas) * 1000) / REPLICA.target, 50)))
    : LIGHT_CPU_REQUEST_MILLIS;
  return {
    cpuRequestMillis,
    cpuLimitMillis,
    memoryRequestMi: roundUp(options.peakRssMb * 1.25, 32),
    memoryLimitMi: roundUp(options.peakRssMb * 1.5, 64),
    requestsPerSecondAtTarget: options.cpuMsPerRequest > 0 ? (cpuRequestMillis * REPLICA.target) / options.cpuMsPerRequest : Number.POSITIVE_INFINITY,
  };
}
