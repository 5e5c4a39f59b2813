import { NATSPubSub } from '@graphql-hive/pubsub/nats';
import { RedisPubSub } from '@graphql-hive/pubsub/redis';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * One topic on a message broker (Redis or NATS core pub/sub), through Hive Gateway's own pub/sub
 * library (@graphql-hive/pubsub), with the connection handling the library leaves to its caller:
 * the clients reconnect by themselves and never give up, a publish while the broker is away fails
 * at once (it is not queued to arrive late), a subscription made once is made again by the client
 * after every reconnection, and whether the broker is reachable is known at any moment (for a
 * health probe). Knows nothing of what the messages mean.
 */

export type BrokerKind = 'redis' | 'nats';

export interface BrokerConnection<M> {
  readonly kind: BrokerKind;
  /** host:port, for messages. */
  readonly address: string;
  /** Whether every connection to the broker is up now. */
  isUp(): boolean;
  /** Why the broker was last unreachable (the clients' last error), null when it never was. */
  lastError(): string | null;
  /** Calls `listener` each time the broker becomes reachable (true) or stops being so (false). */
  onState(listener: (up: boolean) => void): void;
  /** Sends `message` to every subscriber of the topic; rejects when the broker cannot take it now. */
  publish(message: M): Promise<void>;
  /**
   * Hands every message on the topic to `listener` (as JSON-decoded: unchecked), from when the
   * broker has confirmed the subscription, which this resolves on (after the first connection,
   * however long that takes). Call once.
   */
  subscribe(listener: (message: unknown) => void): Promise<void>;
  /** One round trip on every connection to the broker (the subscriber's too): resolves when the broker answered. */
  roundTrip(): Promise<void>;
  /** Ends the connections and their reconnection attempts; never waits for an unreachable broker. */
  close(): Promise<void>;
}

/** Longest pause between two reconnection attempts: a broker back is found within this. */
const RECONNECT_MAX_MS = 1000;

/**
 * Opens the connections for `topic` on the broker at `url` (redis://host:port[/db] or
 * nats://host:port), its channel named `<prefix>:<topic>` by the library. Returns at once: the
 * clients connect (and reconnect) in the background.
 */
export function openBrokerConnection<M>(url: URL, prefix: string, topic: string): BrokerConnection<M> {
  if (url.protocol === 'redis:') return redisConnection<M>(url, prefix, topic);
  if (url.protocol === 'nats:') return natsConnection<M>(url, prefix, topic);
  throw new RangeError(`a broker URL must start with redis:// or nats://, got ${url.protocol}//`);
}

/** A small list of state listeners with the last error seen. */
function stateKeeper(isUp: () => boolean) {
  const listeners: ((up: boolean) => void)[] = [];
  let last = isUp();
  let error: string | null = null;
  return {
    listeners,
    get error() {
      return error;
    },
    failed(reason: string) {
      error = reason;
    },
    /** Tells the listeners when up/down changed since the last call. */
    changed() {
      const now = isUp();
      if (now === last) return;
      last = now;
      for (const listener of listeners) listener(now);
    },
  };
}

function redisConnection<M>(url: URL, prefix: string, topic: string): BrokerConnection<M> {
  const common: RedisOptions = {
    // Every attempt, forever: ioredis gives up only when this returns a non-number.
    retryStrategy: (times) => Math.min(times * 100, RECONNECT_MAX_MS),
    connectionName: 'telepulse-drift',
  };
  // The publisher has no offline queue, so a publish while the broker is away fails at once
  // rather than waiting (and arriving late, or piling up); the subscriber keeps its queue and
  // retries its commands for ever, so SUBSCRIBE waits for the broker, and ioredis subscribes
  // again after each reconnection (autoResubscribe, on by default).
  const pub = new Redis(url.href, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  const sub = new Redis(url.href, { ...common, maxRetriesPerRequest: null });
  const isUp = () => pub.status === 'ready' && sub.status === 'ready';
  const state = stateKeeper(isUp);
  for (const client of [pub, sub]) {
    // Without an 'error' listener ioredis prints every failed reconnection attempt.
    client.on('error', (error: Error) => state.failed(error.message));
    for (const event of ['ready', 'close', 'end', 'reconnecting']) client.on(event, () => state.changed());
  }
  const pubsub = new RedisPubSub<Record<string, M>>({ pub, sub }, { channelPrefix: prefix, noQuitOnDispose: true });
  const whenReady = (client: Redis) => (client.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => client.once('ready', () => resolve())));
  return {
    kind: 'redis',
    address: `${url.hostname}:${url.port || 6379}`,
    isUp,
    lastError: () => state.error,
    onState: (listener) => void state.listeners.push(listener),
    publish: (message) => pubsub.publish(topic, message),
    async subscribe(listener) {
      // The library also records the topic in a set through the publisher, which has no queue: wait for both.
      await Promise.all([whenReady(pub), whenReady(sub)]);
      await pubsub.subscribe(topic, listener);
    },
    async roundTrip() {
      // In order on each connection: the subscriber's answer comes after its SUBSCRIBE of a reconnection.
      await Promise.all([pub.ping(), sub.ping()]);
    },
    async close() {
      // disconnect(), not quit(): quit waits for a broker that may be away.
      pub.disconnect();
      sub.disconnect();
    },
  };
}

function natsConnection<M>(url: URL, prefix: string, topic: string): BrokerConnection<M> {
  let nats: NatsConnection | null = null;
  let up = false;
  let closed = false;
  const state = stateKeeper(() => up);
  const server = `${url.hostname}:${url.port || 4222}`;
  // Connects in the background, trying again until the broker answers or close() (our loop
  // rather than the client's waitOnFirstConnect, which close() could not stop); once connected,
  // the client reconnects every later loss by itself, for ever (maxReconnectAttempts -1).
  const firstConnection = async (): Promise<NatsConnection> => {
    for (;;) {
      try {
        return await connect({ servers: server, name: 'telepulse-drift', maxReconnectAttempts: -1, reconnectTimeWait: RECONNECT_MAX_MS, reconnectJitter: 100 });
      } catch (error) {
        state.failed(String(error));
        if (closed) throw new Error(`the connection to NATS at ${server} was closed before it was up`);
        await sleep(RECONNECT_MAX_MS);
        if (closed) throw new Error(`the connection to NATS at ${server} was closed before it was up`);
      }
    }
  };
  const connecting = firstConnection().then(async (connection) => {
    if (closed) {
      await connection.close();
      throw new Error(`the connection to NATS at ${server} was closed before it was up`);
    }
    nats = connection;
    up = true;
    state.changed();
    void (async () => {
      for await (const status of connection.status()) {
        if (status.type === 'disconnect' || status.type === 'close') {
          up = false;
          state.failed(`${status.type === 'close' ? 'closed' : 'disconnected'} from NATS at ${server}`);
        }
        else if (status.type === 'reconnect') up = true;
        else if (status.type === 'error') state.failed(String(status.error));
        state.changed();
      }
    })();
    return new NATSPubSub<Record<string, M>>(connection, { subjectPrefix: prefix, noCloseOnDispose: true });
  });
  // Nothing awaits `connecting` until a subscribe: keep a failure from going unhandled.
  connecting.catch((error: unknown) => state.failed(String(error)));
  return {
    kind: 'nats',
    address: server,
    isUp: () => up,
    lastError: () => state.error,
    onState: (listener) => void state.listeners.push(listener),
    async publish(message) {
      // The NATS client would buffer a publish while it reconnects and send it late: refuse it instead, as Redis does.
      if (!up || !nats) throw new Error(`not connected to NATS at ${server}`);
      (await connecting).publish(topic, message);
    },
    async subscribe(listener) {
      await (await connecting).subscribe(topic, listener);
      // The server has the SUB once it answered a PING sent after it.
      await nats!.flush();
    },
    async roundTrip() {
      if (!up || !nats) throw new Error(`not connected to NATS at ${server}`);
      await nats.flush();
    },
    async close() {
      closed = true;
      up = false;
      await nats?.close();
    },
  };
}
