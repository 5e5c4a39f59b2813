/**
 * The header's alert badge: how many drift alerts arrived this session (`data-alert-count`),
 * opening a list of them, newest first, each linking to its model.
 */
import { useRef, useState } from 'preact/hooks';
import { useDriftAlerts } from '../api/live.js';
import { routeHref } from '../router.js';
import { Time } from './time.js';

export function AlertBadge() {
  const alerts = useDriftAlerts();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  // Escape closes the list and gives the focus back to the badge.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      setOpen(false);
      button.current?.focus();
    }
  };
  return (
    <div class="alert-badge-wrap" onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        class={`alert-badge${alerts.length > 0 ? ' has-alerts' : ''}`}
        data-testid="alert-badge"
        data-alert-count={alerts.length}
        aria-expanded={open}
        aria-controls="alert-list"
        onClick={() => setOpen(!open)}
      >
        Alerts <span class="count">{alerts.length}</span>
        <span class="visually-hidden"> drift alerts since this page opened</span>
      </button>
      {open ? (
        <div id="alert-list" class="alert-list" data-testid="alert-list">
          {alerts.length === 0 ? (
            <p class="hint">No drift alerts since this page opened. They appear here the moment the drift subgraph raises one (try `pnpm demo:drift`).</p>
          ) : (
            <ul>
              {alerts.map((alert) => (
                <li key={alert.id} data-alert-id={alert.id}>
                  <strong>{alert.severity}</strong> {alert.kind.toLowerCase()} ·{' '}
                  <a href={routeHref({ page: 'models', id: alert.model.id })} onClick={() => setOpen(false)}>
                    {alert.model.id}
                  </a>{' '}
                  · <Time value={alert.detectedAt} />
                  <br />
                  <span class="hint">{alert.reason}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
