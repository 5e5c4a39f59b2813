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
 * Takes `token=<jwt>` out of the location's hash (`#token=…`, or `#/models/x?token=…`), keeps it,
 * and rewrites the hash without it (no new history entry). Called once, before the router reads the hash.
 */
export function takeTokenFromUrl(): void {
  const hash = location.hash;
  const match = /(?:^#|[?&])token=([^&]*)/.exec(hash);
  if (!match) return;
  setToken(decodeURIComponent(match[1] ?? ''));
  const rest = hash
    .replace(match[0], match[0].startsWith('#') ? '#' : '')
    .replace(/\?$/, '')
    .replace(/^#&/, '#');
  history.replaceState(null, '', `${location.pathname}${location.search}${rest === '#' ? '' : rest}`);
}
