import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { type AddressInfo, createServer, type Server } from "node:net";
import { INGEST_SUBSCRIPTION, objectIdFromText, parseTopic } from "@tet/schemas";
import { nodeVerifier } from "@tet/schemas/node";
import { Aedes, type Client, type PublishPacket } from "aedes";
import { createWebSocketStream, WebSocketServer } from "ws";
import { type Ingest, IngestError } from "../ingest/index.js";
import { Counters, type MetricsSnapshot } from "../ingest/metrics.js";
import type { LedgerStore } from "../ledger/index.js";
import { isBrokerError } from "./brokerError.js";
import { type BackendCredential, checkLogin } from "./checkLogin.js";
import { NonceCache } from "./nonceCache.js";
import { payerAckTopic, payerPayTopic, payTopicObject } from "./payerTopics.js";
import { mayPublish, maySubscribe, type Principal } from "./topicAcl.js";

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
  /** Login window, ± ms (default 60,000). */
  loginWindowMs?: number;
  /**
   * Flow control: with this many statements in the ingest (default 2,048), publishers' next messages
   * wait — in their own TCP windows — until fewer than `lowWater` (default half) are in flight.
   */
  highWater?: number;
  lowWater?: number;
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
  close(): Promise<void>;
}

const REFUSED_SINK = "$tet/refused"; // no one may subscribe to it: an acknowledged, undelivered publish

/**
 * Starts the embedded MQTT 3.1.1 broker (aedes) wired to the ingest: devices log in with a signed
 * connect statement, the ACL keeps each to its own `up`/`down`, every `up` message goes to the ingest
 * in process, and a device subscribing to its `down` gets its authority chain and latest receipt.
 * Payers log in with an EIP-712-signed login (`checkPayerLogin`), publish vouchers to
 * `tet/v1/o/{id}/pay` — re-addressed to `tet/v1/p/{address}/pay/{id}` for the billing — and read
 * only their own `tet/v1/p/{address}/ack`.
 *
 * @example
 * const broker = await startBroker({ ingest, store: ledger.log.store, port: 1883, wsPort: 8083 });
 */
export async function startBroker(opts: BrokerOptions): Promise<Broker> {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const counters = new Counters();
  const windowMs = opts.loginWindowMs ?? 60_000;
  const nonces = new NonceCache({ ttlMs: 2 * windowMs });
  const principals = new WeakMap<Client, Principal>();
  const { ingest } = opts;
  const highWater = opts.highWater ?? 2048;
  const lowWater = opts.lowWater ?? Math.ceil(highWater / 2);
  /** Device publishes to their own `up`, authorised: they go to the ingest, not through aedes' routing. */
  const toIngest = new WeakMap<PublishPacket, string>();

  const aedes = await Aedes.createBroker({
    maxClientsIdLength: 64,
    authenticate(client, username, password, done) {
      checkLogin(
        { clientId: client.id, username: username ?? undefined, password: password ?? undefined },
        {
          verifier: nodeVerifier,
          projections: (o) => opts.store.projections(o),
          nonces,
          windowMs,
          backend: opts.backend,
          now,
        },
      ).then(
        (who) => {
          principals.set(client, who);
          counters.inc("broker_login", who.kind);
          done(null, true);
        },
        (e: unknown) => {
          const code = isBrokerError(e) ? e.code : "LOGIN_MALFORMED";
          counters.inc("broker_refused", code);
          log(
            `broker: refused ${code} client=${client.id.slice(0, 64)} ${e instanceof Error ? e.message : ""}`,
          );
          // [MQTT-3.2.2-5]: CONNACK return code 5 "not authorized", then close.
          done(Object.assign(new Error("not authorized"), { returnCode: 5 }), false);
        },
      );
    },
    authorizePublish(client, packet, done) {
      const who = client ? principals.get(client) : undefined;
      if (who !== undefined && mayPublish(who, packet.topic)) {
        if (who.kind === "device") toIngest.set(packet, who.objectId);
        if (who.kind === "payer") {
          // Re-addressed under the payer's proven address, so the billing answers that payer alone.
          packet.topic = payerPayTopic(who.address, payTopicObject(packet.topic) ?? "");
          packet.retain = false; // a voucher is an instant message, never replayed to new subscribers
        }
        return done(null);
      }
      counters.inc("broker_refused", "PUBLISH_DENIED");
      if (who?.kind === "payer") {
        // [MQTT-3.3.5-2]: acknowledged and delivered to no one; the refusal goes to the payer's ack.
        log(`broker: refused PUBLISH_DENIED payer=${who.address} topic=${packet.topic.slice(0, 80)}`);
        const detail = `publish to ${packet.topic.slice(0, 80)}`;
        publishJson(payerAckTopic(who.address), { ok: false, code: "PUBLISH_DENIED", detail });
        packet.topic = REFUSED_SINK;
        return done(null);
      }
      if (who?.kind === "device") {
        // [MQTT-3.3.5-2]: acknowledge as usual and deliver to no one; the refusal goes to the
        // device's own down as a signed receipt, which a closed connection could not carry.
        ingest.refuse(
          objectIdFromText(who.objectId),
          new IngestError("NOT_AUTHORIZED", `publish to ${packet.topic.slice(0, 80)}`),
        );
        packet.topic = REFUSED_SINK;
        return done(null);
      }
      log(`broker: refused PUBLISH_DENIED client=${client?.id ?? "-"} topic=${packet.topic.slice(0, 80)}`);
      done(new Error("not authorized"));
    },
    authorizeSubscribe(client, sub, done) {
      const who = principals.get(client);
      if (who !== undefined && maySubscribe(who, sub.topic))
        return done(null, { ...sub, qos: Math.min(sub.qos, 1) as 0 | 1 });
      counters.inc("broker_refused", "SUBSCRIBE_DENIED");
      if (who?.kind === "device") {
        ingest.refuse(
          objectIdFromText(who.objectId),
          new IngestError("NOT_AUTHORIZED", `subscribe to ${sub.topic.slice(0, 80)}`),
        );
      } else log(`broker: refused SUBSCRIBE_DENIED client=${client.id} filter=${sub.topic.slice(0, 80)}`);
      done(null, null); // [MQTT-3.9.3]: SUBACK return code 0x80, failure
    },
  });

  const publishJson = (topic: string, body: object) => {
    const packet = {
      cmd: "publish",
      topic,
      payload: Buffer.from(JSON.stringify(body)),
      qos: 1,
      retain: false,
      dup: false,
    } as PublishPacket;
    aedes.publish(packet, (e) => e && log(`broker: ack publish failed: ${e.message}`));
  };
  aedes.on("subscribe", (subs, client) => {
    const who = client ? principals.get(client) : undefined;
    if (who?.kind !== "device") return;
    if (!subs.some((s) => (s.qos as number) !== 128 && maySubscribe(who, s.topic))) return;
    ingest
      .deviceSubscribed(who.objectId)
      .catch((e: unknown) => log(`broker: down sync failed for ${who.objectId}: ${String(e)}`));
  });

  // The ingest consumes `up` in process. The device already has its PUBACK (aedes acknowledges QoS 1
  // before it publishes); the durable acknowledgement is the signed receipt.
  // Flow control: past the high-water mark, messages wait here as raw bytes, in arrival order, with
  // their delivery unfinished — aedes reads a publisher's next chunk only once every message of the
  // last one is delivered, so further statements wait in the publishers' TCP windows, not in memory
  // as decoded objects — until the ingest is below the low-water mark.
  const held: { objectId: string; payload: Uint8Array; cb: () => void }[] = [];
  let waiting = false;
  const release = () => {
    while (held.length > 0 && ingest.queued < highWater) {
      const m = held.shift() as (typeof held)[number];
      ingest.offer(m.objectId, m.payload);
      queueMicrotask(m.cb);
    }
    if (held.length > 0 && !waiting) {
      waiting = true;
      void ingest.drained(lowWater).then(() => {
        waiting = false;
        release();
      });
    }
  };
  const deliver = (objectId: string, payload: Uint8Array, cb: () => void) => {
    if (held.length === 0 && ingest.queued < highWater) {
      ingest.offer(objectId, payload);
      // Released asynchronously: a synchronous cb lets aedes recurse once per queued message and
      // overflow the stack under load.
      queueMicrotask(cb);
      return;
    }
    counters.inc("broker_held");
    held.push({ objectId, payload, cb });
    release();
  };
  // A device's authorised publish on its own `up` goes straight to the ingest: aedes would otherwise
  // look for retained-message storage, offline sessions and subscribers (two topic-tree matches and
  // a promise per message) only to find the ingest's own subscription below. Everything else
  // (payers' vouchers, the backend's own publishes) takes aedes' usual path.
  const publish = aedes.publish.bind(aedes) as unknown as (
    packet: PublishPacket,
    client: Client | null,
    done: (e?: Error) => void,
  ) => void;
  (aedes as unknown as { publish: typeof publish }).publish = (packet, client, done) => {
    if (typeof client === "function" || client === null || client === undefined)
      return publish(packet, client as never, done);
    const objectId = toIngest.get(packet);
    if (objectId === undefined) return publish(packet, client, done);
    toIngest.delete(packet);
    deliver(objectId, packet.payload as Uint8Array, () => done());
  };
  // Any other publish on an `up` topic (none by the ACL; kept so that nothing on `up` bypasses the ingest).
  aedes.subscribe(
    INGEST_SUBSCRIPTION,
    (packet, cb) => deliver(parseTopic(packet.topic).objectId, packet.payload as Uint8Array, cb),
    () => undefined,
  );
  const removeDownlink = ingest.addDownlink((topic, payload) => {
    const packet = {
      cmd: "publish",
      topic,
      payload: Buffer.from(payload),
      qos: 1,
      retain: false,
      dup: false,
    } as PublishPacket;
    aedes.publish(packet, (e) => e && log(`broker: down publish failed: ${e.message}`));
  });

  const servers: (Server | HttpServer)[] = [];
  const listening: string[] = [];
  let port = opts.port ?? 1883;
  for (const host of opts.hosts ?? ["::", "0.0.0.0"]) {
    const server = createServer(aedes.handle);
    try {
      await listen(server, port, host, host === "::");
    } catch (e) {
      if (host === "::" && (opts.hosts ?? []).length === 0) {
        log(`broker: no IPv6 listener (${String(e)}); IPv4 only`);
        continue;
      }
      throw e;
    }
    port = (server.address() as AddressInfo).port;
    servers.push(server);
    listening.push(host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`);
  }

  let wsPort: number | undefined;
  if (opts.wsPort !== undefined) {
    const http = createHttpServer((_, res) => res.writeHead(426).end("MQTT over WebSocket at /mqtt\n"));
    const wss = new WebSocketServer({ server: http, path: "/mqtt" });
    wss.on("connection", (ws) => aedes.handle(createWebSocketStream(ws) as never));
    await listen(http, opts.wsPort, "::", false); // dual stack: browsers on IPv6 and IPv4
    wsPort = (http.address() as AddressInfo).port;
    servers.push(http);
    listening.push(`ws://[::]:${wsPort}/mqtt`);
  }

  return {
    aedes,
    port,
    wsPort,
    listening,
    metrics: () => counters.snapshot(),
    async close() {
      removeDownlink();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}

function listen(server: Server | HttpServer, port: number, host: string, ipv6Only: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, ipv6Only }, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
