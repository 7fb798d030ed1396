import type { Aedes, AedesPublishPacket, Client } from "aedes";

/** Settings of `boundOutgoing`. */
export interface OutgoingBoundOptions {
  /** Bytes waiting in a connection's write buffer past which it is disconnected. */
  maxBytes: number;
  /** QoS 1 deliveries not yet acknowledged (PUBACK) past which it is disconnected. */
  maxMessages: number;
  /** Clients the bound applies to (the backend's own clients are exempt). */
  applies: (client: Client) => boolean;
  /** Called once per connection cut, with what it had buffered. */
  onExceeded: (client: Client, detail: string) => void;
  /** Bytes buffered below the client's stream (MQTT over WebSocket: the socket's `bufferedAmount`). */
  below?: (conn: Client["conn"]) => number;
}

interface Outgoing {
  unacked: number;
  cut: boolean;
}

type Forward = (client: Client, packet: AedesPublishPacket) => AedesPublishPacket | null | undefined;

/**
 * Bounds what waits to be sent to one client, through aedes' own hooks (`authorizeForward`, called
 * for every delivery before it is written, and the `ack` event on PUBACK): a connection whose write
 * buffer holds more than `maxBytes`, or that has `maxMessages` QoS 1 deliveries unacknowledged, is
 * a client that does not read its socket; it is disconnected there and then, and the delivery is
 * dropped (a persistent session keeps it queued for the next connection). Without this, aedes waits
 * for such a socket to drain for up to `drainTimeout` (60 s) while everything sent to it piles up
 * in memory. Returns the `authorizeForward` hook, wrapping `next` (the other checks).
 */
export function boundOutgoing(aedes: Aedes, opts: OutgoingBoundOptions, next?: Forward): Forward {
  const state = new WeakMap<Client, Outgoing>();
  aedes.on("ack", (_packet, client) => {
    const s = state.get(client);
    if (s !== undefined && s.unacked > 0) s.unacked--;
  });
  return (client, packet) => {
    const forwarded = next ? next(client, packet) : packet;
    if (!forwarded || !opts.applies(client)) return forwarded;
    let s = state.get(client);
    if (s === undefined) {
      s = { unacked: 0, cut: false };
      state.set(client, s);
    }
    if (s.cut) return null;
    const bytes = client.conn.writableLength + (opts.below?.(client.conn) ?? 0);
    if (bytes > opts.maxBytes || s.unacked >= opts.maxMessages) {
      s.cut = true;
      opts.onExceeded(client, `${bytes} bytes buffered, ${s.unacked} deliveries unacknowledged`);
      client.conn.destroy();
      return null;
    }
    // The QoS the client gets: the message's, downgraded to its subscription's [MQTT-3.8.4-6].
    const sub = (client as Client & { subscriptions?: Record<string, { qos: number } | undefined> })
      .subscriptions?.[packet.topic];
    if (Math.min(packet.qos, sub?.qos ?? packet.qos) > 0) s.unacked++;
    return forwarded;
  };
}
