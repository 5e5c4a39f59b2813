/**
 * Drift alerts as toasts, on every page, the moment the subscription delivers them: each shows
 * the model, severity and reason, links to its model, and goes away after a while or when closed.
 * Announced to screen readers (a polite live region); `data-testid="toast"` with `data-alert-id`.
 */
import { useEffect, useState } from 'preact/hooks';
import { onDriftAlert, type DriftAlert } from '../api/live.js';
import { routeHref } from '../router.js';
import { Time } from './time.js';

/** How long a toast stays (it also stays in the badge's list and on the Models page). */
const TOAST_MS = 20_000;
/** At most this many toasts at once; older ones leave first. */
const MAX_TOASTS = 4;

export function Toasts() {
  const [toasts, setToasts] = useState<DriftAlert[]>([]);
  useEffect(() => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const off = onDriftAlert((alert) => {
      setToasts((shown) => [alert, ...shown].slice(0, MAX_TOASTS));
      const timer = setTimeout(() => {
        timers.delete(timer);
        setToasts((shown) => shown.filter((t) => t.id !== alert.id));
      }, TOAST_MS);
      timers.add(timer);
    });
    return () => {
      off();
      for (const timer of timers) clearTimeout(timer);
    };
  }, []);
  const close = (id: string) => setToasts((shown) => shown.filter((t) => t.id !== id));
  return (
    <div class="toasts" role="region" aria-live="polite" aria-label="Drift alerts">
      {toasts.map((alert) => (
        <div key={alert.id} class={`toast severity-${alert.severity.toLowerCase()}`} data-testid="toast" data-alert-id={alert.id} data-severity={alert.severity}>
          <p class="toast-title">
            <strong>{alert.severity}</strong> {alert.kind.toLowerCase()} drift on{' '}
            <a href={routeHref({ page: 'models', id: alert.model.id })}>{alert.model.id}</a>
            {alert.modelVersion ? ` (${alert.modelVersion})` : ''}
          </p>
          <p class="toast-reason">{alert.reason}</p>
          <p class="toast-time">
            <Time value={alert.detectedAt} />
          </p>
          <button type="button" class="toast-close" aria-label={`Dismiss the alert on ${alert.model.id}`} onClick={() => close(alert.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
