/** The live connection's state in the header, in words (`data-connection-state`: connecting, connected, reconnecting, closed). */
import { useConnectionState } from '../api/live.js';

const WORDS = { connecting: 'Connecting…', connected: 'Live', reconnecting: 'Reconnecting…', closed: 'Offline' } as const;
const HINTS = {
  connecting: 'Opening the live connection to the gateway.',
  connected: 'Drift alerts arrive as they happen.',
  reconnecting: 'The live connection was lost; trying again by itself.',
  closed: 'The live connection is closed.',
} as const;

export function ConnectionState() {
  const state = useConnectionState();
  return (
    <span class={`connection connection-${state}`} data-testid="connection-state" data-connection-state={state} title={HINTS[state]} role="status" aria-live="polite">
      <span class="dot" aria-hidden="true" />
      {WORDS[state]}
    </span>
  );
}
