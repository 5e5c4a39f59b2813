/**
 * Says, over every page, that the gateway stopped answering: the live connection is
 * reconnecting, or the latest request could not reach it. It goes by itself once either finds
 * the gateway again (and the pages refetch then: use-query.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { onConnectionState, connectionState } from '../api/live.js';
import { onReachability } from '../api/request.js';
import { UnreachableBanner } from './states.js';

/** True while the gateway looks unreachable to the socket or to the latest request. */
export function useGatewayDown(): boolean {
  const [socketDown, setSocketDown] = useState(() => connectionState() === 'reconnecting');
  const [requestDown, setRequestDown] = useState(false);
  useEffect(() => {
    const offState = onConnectionState((state) => {
      setSocketDown(state === 'reconnecting');
      if (state === 'connected') setRequestDown(false);
    });
    const offReach = onReachability((reachable) => setRequestDown(!reachable));
    return () => {
      offState();
      offReach();
    };
  }, []);
  return socketDown || requestDown;
}

export function GatewayBanner() {
  return useGatewayDown() ? <UnreachableBanner /> : null;
}
