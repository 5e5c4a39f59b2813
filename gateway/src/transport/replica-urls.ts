/**
 * A subgraph's routing URL as the gateway is given it: one URL, or the URLs of its replicas
 * separated by commas (`SUBGRAPH_ENGAGEMENT_URL=http://127.0.0.1:4103/graphql,http://127.0.0.1:4113/graphql`).
 * Kept as that one string wherever a routing URL travels (the supergraph, the health report),
 * split here where each replica is asked.
 */

/** Why a routing URL list was refused, naming the URL at fault. */
export class ReplicaUrlError extends Error {
  readonly code = 'INVALID_REPLICA_URLS';
}

/** The replicas' URLs of a routing URL (one or a comma-separated list), each trimmed. */
export function replicaUrls(routingUrl: string): string[] {
  return routingUrl.split(',').map((url) => url.trim());
}

/**
 * Checks a routing URL list: every entry an absolute http(s) URL, all with the same path and
 * query (replicas of one subgraph serve it at the same place), no entry twice. Returns the list
 * normalised (trimmed, joined by commas); throws a ReplicaUrlError saying what is wrong.
 */
export function checkReplicaUrls(routingUrl: string): string {
  const urls = replicaUrls(routingUrl);
  const parsed = urls.map((url) => {
    if (url === '') throw new ReplicaUrlError(`an empty entry in "${routingUrl}": separate the replicas' URLs with single commas`);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new ReplicaUrlError(`"${url}" is not a URL (expected e.g. http://127.0.0.1:4103/graphql)`);
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new ReplicaUrlError(`"${url}" must be http or https`);
    return target;
  });
  const where = (url: URL) => url.pathname + url.search;
  const odd = parsed.find((url) => where(url) !== where(parsed[0]!));
  if (odd) throw new ReplicaUrlError(`"${odd.href}" has another path than "${parsed[0]!.href}": replicas of one subgraph serve it at the same path`);
  const origins = parsed.map((url) => url.origin);
  const twice = origins.find((origin, i) => origins.indexOf(origin) !== i);
  if (twice) throw new ReplicaUrlError(`${twice} is listed twice`);
  return urls.join(',');
}
