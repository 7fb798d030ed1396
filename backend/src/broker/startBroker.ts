import { INGEST_SUBSCRIPTION, parseTopic, upTopic } from "@tet/schemas";
import type { Aedes, AedesPublishPacket, Client, PublishPacket } from "aedes";
import type { Ingest } from "../ingest/index.js";
import { Counters, type MetricsSnapshot } from "../ingest/index.js";
import type { LedgerStore } from "../ledger/index.js";
import { aclHooks } from "./aclHooks.js";
import { addressKey } from "./addressKey.js";
import { boundOfflineQueues } from "./boundOfflineQueues.js";
import type { BrokerErrorCode } from "./brokerError.js";
import { type BrokerLimits, brokerLimits } from "./brokerLimits.js";
import type { BackendCredential } from "./checkLogin.js";
import type { ClientFamily } from "./clientFamily.js";
import { ConnectionThrottle } from "./connectionThrottle.js";
import { deviceDownSync } from "./deviceDownSync.js";
import { ingestFlow } from "./ingestFlow.js";
import { IngestingAedes } from "./ingestingAedes.js";
import { KeyedBuckets } from "./keyedBuckets.js";
import { listenBroker } from "./listenBroker.js";
import { LoginBook } from "./loginBook.js";
import { clientAddress, loginGate } from "./loginGate.js";
import { boundOutgoing } from "./outgoingBound.js";
import type { Principal } from "./topicAcl.js";

/** Configuration of the embedded broker. */
export interface BrokerOptions {
  ingest: Ingest;
  /** The ledger's store: device keys bound to objects are read from its projections. */
  store: LedgerStore;
  /** MQTT over TCP (default 1883; 0 picks a free port). */
  port?: number;
  /** Addresses to listen on (default `::` and `0.0.0.0`: IPv6 first, IPv4 too). */
  hosts?: string[];
  /** MQTT over WebSocket for browsers, path `/mqtt` (default: off; 0 picks a free port). */
  wsPort?: number;
  /** A credential for other backend clients (MQTT 3.1.1), e.g. a random token from config. */
  backend?: BackendCredential;
  /** Client families with their own logins and topics (billing's payers: `payerFamily()`). */
  families?: readonly ClientFamily[];
  /** Login window, ± ms (default 60,000). */
  loginWindowMs?: number;
  /**
   * Flow control: with this many statements in the ingest (default 2,048), publishers' next messages
   * wait — in their own TCP windows — until fewer than `lowWater` (default half) are in flight.
   */
  highWater?: number;
  lowWater?: number;
  /** Bounds per connection, device and address (`DEFAULT_BROKER_LIMITS` for what is not given). */
  limits?: Partial<BrokerLimits>;
  /** The SQLite file keeping each device's last accepted login (default: in memory, lost on restart). */
  loginBook?: string;
  now?: () => number;
  log?: (line: string) => void;
}

/** A running embedded broker. */
export interface Broker {
  readonly aedes: Aedes;
  /** The TCP port and the WebSocket port (if any) actually bound. */
  readonly port: number;
  readonly wsPort: number | undefined;
  /** Addresses bound, e.g. `[::]:1883`. */
  readonly listening: string[];
  /** Login and ACL counters by code. */
  metrics(): MetricsSnapshot;
  /** Publishes `payload` on `topic` (QoS 1, not retained) as the broker itself, to its subscribers. */
  publish(topic: string, payload: Uint8Array | string): Promise<void>;
  /**
   * Handles every message published on a topic matching `filter` in process, as a subscriber would
   * (billing's pay topics); returns what removes the handler.
   */
  handle(filter: string, handler: (topic: string, payload: Buffer) => void): () => void;
  close(): Promise<void>;
}

/**
 * Starts the embedded MQTT 3.1.1 broker (aedes) wired to the ingest: devices log in with a signed
 * connect statement, the ACL keeps each to its own `up`/`down`, every `up` message goes to the ingest
 * in process, and a device subscribing to its `down` gets its authority chain and latest receipt.
 * Other modules add client families with logins and topics of their own (`families`: billing's
 * payers) and handle topics in process (`handle`). Every client's cost is bounded (`BrokerLimits`): packet
 * size before buffering, logins per address and per device, logins waiting for verification,
 * publishes per connection (throttled), what waits to be sent to it, its offline queue.
 *
 * @example
 * const broker = await startBroker({ ingest, store: ledger.log.store, port: 1883, wsPort: 8083 });
 */
export async function startBroker(opts: BrokerOptions): Promise<Broker> {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const counters = new Counters();
  const limits = brokerLimits(opts.limits);
  const principals = new WeakMap<Client, Principal>();
  const { ingest } = opts;
  const highWater = opts.highWater ?? 2048;
  const book = LoginBook.open(opts.loginBook, { onError: (e) => log(`broker: login book: ${String(e)}`) });
  const logLines = new KeyedBuckets({ rate: 1, burst: 3, now });
  /** One line per event, at most one a second per source address (a flood costs no log flood). */
  const logFrom = (client: Client | undefined, line: string) => {
    if (logLines.take(addressKey(client && clientAddress(client)))) log(line);
  };
  /** A refusal before any login: counted, logged at most once a second per source address. */
  const refusedFrom = (code: BrokerErrorCode, address: string, detail: string) => {
    counters.inc("broker_refused", code);
    if (logLines.take(address)) log(`broker: refused ${code} from=${address} ${detail}`);
  };
  const throttle = new ConnectionThrottle({
    rate: limits.publishRate,
    burst: limits.publishBurst,
    now,
    onDelayed: (conn, first) => {
      counters.inc("broker_throttled", "PUBLISH_RATE_LIMITED");
      const c = conn as Client;
      if (first)
        logFrom(c, `broker: throttled PUBLISH_RATE_LIMITED client=${c.id} (${limits.publishRate}/s)`);
    },
  });
  /** Devices' and members' packets wait for their connection's rate; the backend's own clients never do. */
  const paced = (client: Client, run: () => void) => {
    if (limits.publishRate === 0 || principals.get(client)?.kind === "backend") run();
    else throttle.admit(client, run, () => client.closed);
  };
  let sockets: WeakMap<object, { bufferedAmount: number }> = new WeakMap();
  const acl = aclHooks({
    principals,
    counters,
    ingest,
    sendJson: (topic, body) =>
      send(topic, JSON.stringify(body), (e) => e && log(`broker: ack publish failed: ${e.message}`)),
    log,
  });
  const deliver = ingestFlow({
    ingest,
    highWater,
    lowWater: opts.lowWater ?? Math.ceil(highWater / 2),
    counters,
  });

  const aedes = new IngestingAedes(
    {
      maxClientsIdLength: 64,
      // A CONNECT comes right after the TCP handshake; a socket without one is closed after 10 s
      // (aedes: 30 s) — with at most `maxConnectingPerAddress` of them per address meanwhile.
      connectTimeout: 10_000,
      // No global delivery queue: mqemitter's (concurrency 100) is shared by every client, so one that
      // does not read stalls everyone's deliveries behind it, and draining it calls the next message
      // synchronously — one stack frame per queued message, until the stack overflows. Each
      // connection's outgoing bound (below) is what bounds deliveries now.
      concurrency: 0,
      authenticate: loginGate({
        ctx: {
          verify: (p) => ingest.verify(p),
          projections: (o) => opts.store.projections(o),
          book,
          families: opts.families,
          windowMs: opts.loginWindowMs ?? 60_000,
          backend: opts.backend,
          now,
        },
        limits,
        principals,
        counters,
        log,
      }),
      authorizePublish(client, packet, done) {
        if (client === null) return acl.publish(client, packet, done);
        paced(client, () => acl.publish(client, packet, done));
      },
      authorizeSubscribe(client, sub, done) {
        paced(client, () => acl.subscribe(client, sub, done));
      },
    },
    {
      target: (packet, client) => {
        const who = principals.get(client);
        return who?.kind === "device" && packet.topic === upTopic(who.objectId) ? who.objectId : undefined;
      },
      deliver,
    },
  );
  await aedes.listen();
  aedes.authorizeForward = boundOutgoing(aedes, {
    maxBytes: limits.maxOutgoingBytes,
    maxMessages: limits.maxOutgoingMessages,
    applies: (c) => principals.get(c)?.kind !== "backend",
    below: (conn) => sockets.get(conn)?.bufferedAmount ?? 0,
    onExceeded: (c, detail) => {
      counters.inc("broker_disconnected", "OUTGOING_QUEUE_FULL");
      logFrom(c, `broker: disconnected OUTGOING_QUEUE_FULL client=${c.id} ${detail}`);
    },
  });
  boundOfflineQueues(aedes.persistence, {
    max: limits.maxOfflineMessages,
    onDrop: (clientId, first) => {
      counters.inc("broker_offline_dropped", "OFFLINE_QUEUE_FULL");
      if (first) log(`broker: OFFLINE_QUEUE_FULL client=${clientId} (${limits.maxOfflineMessages} kept)`);
    },
  });

  /** Publishes as the broker itself: QoS 1, not retained, to whoever subscribed. */
  const send = (topic: string, payload: Uint8Array | string, done: (e?: Error) => void) => {
    const packet: PublishPacket = {
      cmd: "publish",
      topic,
      payload: Buffer.from(payload),
      qos: 1,
      retain: false,
      dup: false,
    };
    aedes.publish(packet, done);
  };
  deviceDownSync({ aedes, ingest, principals, log });

  // Any other publish on an `up` topic (none by the ACL; kept so that nothing on `up` bypasses the ingest).
  aedes.subscribe(
    INGEST_SUBSCRIPTION,
    (packet, cb) => deliver(parseTopic(packet.topic).objectId, packet.payload as Uint8Array, cb),
    () => undefined,
  );
  const removeDownlink = ingest.addDownlink(
    (topic, payload, done) =>
      send(topic, payload, (e) => {
        if (e) log(`broker: down publish failed: ${e.message}`);
        done?.(e);
      }),
    { acknowledges: true },
  );

  const net = await listenBroker(aedes, {
    port: opts.port ?? 1883,
    hosts: opts.hosts,
    wsPort: opts.wsPort,
    maxConnectBytes: limits.maxConnectBytes,
    maxPacketBytes: limits.maxPacketBytes,
    maxConnectingPerAddress: limits.maxConnectingPerAddress,
    onTooMany: (address) =>
      refusedFrom("CONNECTIONS_EXCEEDED", address, `${limits.maxConnectingPerAddress} not logged in`),
    log,
    onOversize: (address, declared, limit) =>
      refusedFrom("PACKET_TOO_LARGE", addressKey(address), `${declared} > ${limit} bytes`),
  }).catch(async (e) => {
    removeDownlink();
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    book.close();
    throw e;
  });
  sockets = net.sockets;
  const { servers, port, wsPort, listening } = net;

  return {
    aedes,
    port,
    wsPort,
    listening,
    metrics: () => counters.snapshot(),
    publish: (topic, payload) =>
      new Promise<void>((resolve, reject) => send(topic, payload, (e) => (e ? reject(e) : resolve()))),
    handle(filter, handler) {
      const deliverTo = (packet: AedesPublishPacket, cb: () => void) => {
        handler(packet.topic, packet.payload as Buffer);
        cb();
      };
      aedes.subscribe(filter, deliverTo, () => undefined);
      return () => aedes.unsubscribe(filter, deliverTo, () => undefined);
    },
    async close() {
      removeDownlink();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      book.close();
    },
  };
}
