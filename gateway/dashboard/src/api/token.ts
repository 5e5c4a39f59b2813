/**
 * The caller's token for the gateway: reads are open, mutations (and batched predictions) need
 * one. It arrives once in the URL (`…/dashboard/#token=<jwt>`, what `pnpm start` prints) or is
 * pasted into the header's box, and is kept in localStorage so a reload keeps it. The hash is
 * cleaned at once so the token never stays in the address bar or the history.
 */

const STORAGE_KEY = 'telepulse.token';
const listeners = new Set<(token: string | null) => void>();

/** The token in force, or null (anonymous). */
export function getToken(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage disabled (private mode, a sandboxed frame): anonymous.
    return null;
  }
}

/** Keeps `token` (null or blank: forgets it) and tells every listener (the live connection re-authenticates). */
export function setToken(token: string | null): void {
  const value = token?.trim() ? token.trim() : null;
  try {
    if (value) localStorage.setItem(STORAGE_KEY, value);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing to keep it in: it lasts as long as the listeners hold it.
  }
  for (const listener of listeners) listener(value);
}

/** Calls `listener` whenever the token changes; returns the unsubscribe. */
export function onTokenChange(listener: (token: string | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Splits `token=<jwt>` out of a location hash (`#token=…`, `#/models/x?token=…`,
 * `#/channels&token=…`): the token (null when there is none) and the hash without it ('' when
 * nothing is left).
 */
export function splitTokenFromHash(hash: string): { token: string | null; rest: string } {
  const match = /(^#|[?&])token=([^&]*)/.exec(hash);
  if (!match) return { token: null, rest: hash };
  let token: string;
  try {
    token = decodeURIComponent(match[2] ?? '');
  } catch {
    token = match[2] ?? '';
  }
  const before = hash.slice(0, match.index);
  const after = hash.slice(match.index + match[0].length);
  // What followed the token keeps its own separator: `?a&token=t&b` → `?a&b`, `#token=t&/x` → `#/x`.
  let rest = match[1] === '&' ? before + after : before + match[1] + after.replace(/^&/, '');
  rest = rest.replace(/[?&]$/, '');
  return { token: token || null, rest: rest === '#' ? '' : rest };
}

/**
 * Takes the token out of the location's hash (see splitTokenFromHash), keeps it, and rewrites
 * the hash without it (no new history entry). Called once, before the router reads the hash.
 */
export function takeTokenFromUrl(): void {
  const { token, rest } = splitTokenFromHash(location.hash);
  if (token === null && rest === location.hash) return;
  if (token !== null) setToken(token);
  history.replaceState(null, '', `${location.pathname}${location.search}${rest}`);
}
