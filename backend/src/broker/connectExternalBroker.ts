import { downTopic, INGEST_SHARED_SUBSCRIPTION, isObjectIdText, parseTopic } from "@tet/schemas";
import mqtt, { type MqttClient } from "mqtt";
import type { Ingest } from "../ingest/index.js";

/** Configuration of the link to an external MQTT 5 broker (Mosquitto 2, EMQX). */
export interface ExternalBrokerOptions {
  /** e.g. `mqtt://[2001:db8::1]:1883` or `mqtts://…`. */
  url: string;
  ingest: Ingest;
  /** The backend's own credential on that broker. */
  username: string;
  password: string;
  /** A stable id per backend worker (e.g. `tet-backend-1`): its session queues `up` while it restarts. */
  clientId: string;
  /** Session expiry in seconds: how long the broker keeps queuing for a worker that is away (default 3,600). */
  sessionExpirySeconds?: number;
  /**
   * Learn of device subscriptions to `down` from Mosquitto's subscribe log (`log_dest topic`,
   * `log_type subscribe` → `$SYS/broker/log/M/subscribe`) to send the authority chain and latest
   * receipt (default true). Brokers cannot share `$SYS` subscriptions: with several workers, one is enough.
   */
  watchSubscriptions?: boolean;
  log?: (line: string) => void;
}

/** A running external-broker link. */
export interface ExternalBroker {
  readonly client: MqttClient;
  close(): Promise<void>;
}

const SUBSCRIBE_LOG = "$SYS/broker/log/M/subscribe";

/**
 * Connects the ingest to an external broker as an MQTT 5 client: a persistent session subscribed to
 * the shared subscription `$share/tet-ingest/tet/v1/o/+/up` (MQTT 5 §4.8.2), so several backend
 * workers split the load, each message going to one of them; receipts, the authority chain and
 * commands are published on `down`. The device's login and topic ACL are the broker's job in this
 * mode (see backend/README.md); the ingest still verifies every statement.
 *
 * @example
 * await connectExternalBroker({ url: "mqtt://[::1]:1883", ingest, username: "tet-backend", password, clientId: "tet-backend-1" });
 */
export async function connectExternalBroker(opts: ExternalBrokerOptions): Promise<ExternalBroker> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { ingest } = opts;
  const client = await mqtt.connectAsync(opts.url, {
    protocolVersion: 5,
    clientId: opts.clientId,
    username: opts.username,
    password: opts.password,
    clean: false, // [MQTT-3.1.2-4]: resume the session, and with it messages queued while away
    properties: { sessionExpiryInterval: opts.sessionExpirySeconds ?? 3600 },
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
  });
  // The PUBACK goes out as soon as a message is handed to the ingest, which keeps it in order:
  // mqtt.js handles one incoming packet at a time, so waiting for the commit would cap a worker
  // at one statement per group commit. A statement lost with a crashed worker is still in the
  // device's outbox; the receipt, not the PUBACK, is the acknowledgement of record.
  client.on("message", (topic, payload) => {
    if (topic === SUBSCRIBE_LOG) return onSubscribeLog(payload.toString("utf8"));
    let objectId: string;
    try {
      objectId = parseTopic(topic).objectId;
    } catch {
      return log(`broker: ignored a message on ${topic.slice(0, 80)}`);
    }
    ingest.offer(objectId, payload);
  });
  const onSubscribeLog = (line: string) => {
    // "1795740365: tet-abc 1 tet/v1/o/abc/down"; on a mutual-TLS listener with
    // `use_username_as_clientid`, the client id is the certificate's object id itself.
    const [, clientId, , filter] = line.trim().split(/\s+/);
    const objectId = clientId?.startsWith("tet-") ? clientId.slice(4) : clientId;
    if (objectId === undefined || !isObjectIdText(objectId) || filter !== downTopic(objectId)) return;
    ingest
      .deviceSubscribed(objectId)
      .catch((e: unknown) => log(`broker: down sync failed for ${objectId}: ${String(e)}`));
  };
  const subscribe = async () => {
    await client.subscribeAsync(INGEST_SHARED_SUBSCRIPTION, { qos: 1 });
    if (opts.watchSubscriptions ?? true) await client.subscribeAsync(SUBSCRIBE_LOG, { qos: 0 });
  };
  await subscribe();
  client.on("connect", (ack) => {
    if (!ack.sessionPresent)
      subscribe().catch((e: unknown) => log(`broker: resubscribe failed: ${String(e)}`));
  });
  client.on("error", (e) => log(`broker: external broker: ${e.message}`));
  const removeDownlink = ingest.addDownlink((topic, payload) => {
    client.publish(topic, Buffer.from(payload), { qos: 1 });
  });
  return {
    client,
    async close() {
      removeDownlink();
      await client.endAsync();
    },
  };
}
