/**
 * Who a request acts for, as the gateway verified it from the client's bearer token; `null`
 * when the client sent none (anonymous: reads stay open). It travels to the subgraphs inside
 * the gateway's signed proof, and the subgraphs check scopes against it.
 */
export interface Identity {
  /** The token's `sub`. */
  subject: string;
  /** What the token grants (`ingest`, `predict`, `admin`). */
  scopes: readonly string[];
}

/**
 * The scopes a token's claims grant: the standard `scope` claim (space-separated, RFC 8693/9068)
 * and/or a `scopes` array (as some identity providers issue), merged; anything else is ignored.
 */
export function scopesOf(claims: Readonly<Record<string, unknown>>): string[] {
  const spaced = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  const listed = Array.isArray(claims.scopes) ? claims.scopes.filter((s): s is string => typeof s === 'string') : [];
  return [...new Set([...spaced, ...listed].filter((s) => s.length > 0))];
}
