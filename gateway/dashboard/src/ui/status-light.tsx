/**
 * The header's status light: `systemHealth` through the gateway, polled, as a coloured dot with
 * a word (colour is never the only signal), the services (and gateway dependencies) that are not UP in its tooltip.
 * `data-health-status` is UP, DEGRADED, DOWN, UNREACHABLE (no answer from the gateway) or
 * UNKNOWN (before the first answer).
 */
import { SystemHealthLightDocument } from '../__generated__/graphql.js';
import { useQuery } from './use-query.js';

/** How often the light asks: often enough to notice an outage, rarely enough to cost nothing. */
export const HEALTH_POLL_MS = 10_000;

export function StatusLight() {
  const { data, unreachable } = useQuery(SystemHealthLightDocument, {}, { pollMs: HEALTH_POLL_MS });
  const health = data?.systemHealth;
  const status = unreachable ? 'UNREACHABLE' : (health?.status ?? 'UNKNOWN');
  // The services, then the gateway's own dependencies (its shared rate-limit store), that are not UP.
  const notUp = [...(health?.services ?? []), ...(health?.gateway ?? []).map((c) => ({ ...c, name: `gateway ${c.name}` }))].filter((s) => s.status !== 'UP');
  const words: Record<string, string> = { UP: 'All services up', DEGRADED: 'Degraded', DOWN: 'Down', UNREACHABLE: 'Gateway unreachable', UNKNOWN: 'Checking…' };
  const detail = unreachable
    ? 'The gateway is not answering.'
    : notUp.length > 0
      ? notUp.map((s) => `${s.name}: ${s.status}${s.error ? ` (${s.error})` : ''}`).join('\n')
      : health
        ? `${health.services.length} services up`
        : 'Asking the gateway…';
  return (
    <span class={`status-light status-${status.toLowerCase()}`} data-testid="status-light" data-health-status={status} title={detail} role="status" aria-live="polite">
      <span class="dot" aria-hidden="true" />
      <span class="status-word">{words[status] ?? status}</span>
    </span>
  );
}
