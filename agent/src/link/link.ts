import { EventEmitter } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { downTopic, upTopic } from "@tet/schemas/device";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { backoffDelay } from "./backoff.js";
import { brokerStream } from "./brokerStream.js";
import { parseBrokerUrl } from "./brokerUrl.js";
import { enrolCertificate } from "./enrolCertificate.js";

export type LinkState = "connecting" | "connected" | "offline" | "stopped";

export interface LinkOptions {
  url: string;
  /** 4 = MQTT 3.1.1 (the embedded broker), 5 = MQTT 5 (external brokers). */
  protocol: 4 | 5;
  objectId: string;
  /** A fresh signed `connect` statement for each attempt: the password is single use. */
  password: () => Uint8Array;
  caPath?: string | undefined;
  /**
   * Mutual TLS (`mqtts://`): the client certificate and the device key it certifies, re-read at every
   * connection. Then no password is sent: the TLS handshake, signed by the device key, is the login.
   */
  clientCert?: { certPath: string; keyPath: string } | undefined;
  /** Where to obtain `clientCert` by a signed request when its file is missing (see enrolCertificate). */
  enrol?: { url: string; publicKey: Uint8Array } | undefined;
  keepaliveS?: number;
  backoff?: { minMs: number; maxMs: number; random?: () => number };
}

export interface LinkEvents {
  state: [state: LinkState];
  /** One down message: a signed statement (receipt, authority chain, command). */
  message: [bytes: Uint8Array];
  /** The broker refused the login (CONNACK return code / reason code). */
  refused: [code: number];
  /** The next attempt is scheduled after `delayMs` (attempt counts from 0). */
  retry: [attempt: number, delayMs: number];
  /** A transport problem (connection refused, reset, subscription refused); the link keeps trying. */
  fault: [error: Error];
}

/**
 * The agent's MQTT link (mqtt.js): one session per object (client id `tet-{objectId}`, username the
 * object id, password a fresh signed `connect` statement), subscribed to its `down` topic and
 * publishing to `up` at QoS 1. mqtt.js's own reconnect would reuse the first password, so the link
 * reconnects itself, with exponential backoff and full jitter, building fresh options every time.
 */
export class Link extends EventEmitter<LinkEvents> {
  state: LinkState = "offline";
  private client: MqttClient | undefined;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly up: string;
  private readonly down: string;

  constructor(private readonly o: LinkOptions) {
    super();
    this.up = upTopic(o.objectId);
    this.down = downTopic(o.objectId);
  }

  start(): void {
    if (this.state === "stopped") return;
    this.connect();
  }

  /** Publishes one statement to `up` at QoS 1; resolves on PUBACK [MQTT-4.3.2]. */
  publish(bytes: Uint8Array): Promise<void> {
    const client = this.client;
    if (!client || this.state !== "connected") return Promise.reject(new Error("link is not connected"));
    return new Promise((resolve, reject) =>
      client.publish(this.up, Buffer.from(bytes), { qos: 1 }, (e) => (e ? reject(e) : resolve())),
    );
  }

  /**
   * Stops the link. A connected client ends gracefully (DISCONNECT after what is in flight); one
   * still waiting for its CONNACK is ended at once, since mqtt.js would otherwise keep its socket and
   * its 30 s connect timer and hold the process open after `tet-agent run` has stopped.
   */
  async stop(): Promise<void> {
    const graceful = this.state === "connected";
    this.setState("stopped");
    clearTimeout(this.timer);
    const c = this.client;
    this.client = undefined;
    if (c) await new Promise<void>((resolve) => c.end(!graceful, {}, () => resolve()));
  }

  private connect(): void {
    this.setState("connecting");
    const tls = this.o.clientCert;
    const enrol = this.o.enrol;
    if (tls && enrol && !existsSync(tls.certPath)) {
      enrolCertificate({
        url: enrol.url,
        objectId: this.o.objectId,
        request: this.o.password(),
        publicKey: enrol.publicKey,
        certPath: tls.certPath,
        caPath: this.o.caPath,
      }).then(
        () => this.state !== "stopped" && this.open(),
        (e: Error) => {
          this.emit("fault", e);
          this.retry();
        },
      );
      return;
    }
    this.open();
  }

  private open(): void {
    const addr = parseBrokerUrl(this.o.url);
    const tls = addr.protocol === "mqtts" ? this.o.clientCert : undefined;
    const options: IClientOptions = {
      ...addr,
      protocolVersion: this.o.protocol,
      clientId: `tet-${this.o.objectId}`, // one session per object [MQTT-3.1.3-2]
      username: this.o.objectId,
      ...(tls ? {} : { password: Buffer.from(this.o.password()) }),
      clean: false, // queued commands survive a short outage [MQTT-3.1.2-4]
      keepalive: this.o.keepaliveS ?? 60,
      reconnectPeriod: 0, // we reconnect ourselves, with a fresh password
      connectTimeout: 30_000,
      resubscribe: false,
      // mqtt-packet otherwise fills a table of 65,536 two-byte Buffers (one per packet id, ~6.5 MB of
      // heap) on the first packet; the agent sends a few packets a minute and writes ids as it goes.
      writeCache: false,
    };
    const socksProxy = process.env.MQTTJS_SOCKS_PROXY; // honoured as mqtt.connect does
    if (socksProxy) options.socksProxy = socksProxy;
    if (this.o.protocol === 5) options.properties = { sessionExpiryInterval: 86_400 }; // MQTT 5 §3.1.2.11.2
    if (addr.protocol === "mqtts" && this.o.caPath) options.ca = readFileSync(this.o.caPath);
    if (tls) {
      options.cert = readFileSync(tls.certPath);
      options.key = readFileSync(tls.keyPath); // PKCS #8 PEM, which node:tls takes for Ed25519
    }
    const client = new mqtt.MqttClient(brokerStream(options), options); // not mqtt.connect: see brokerStream
    this.client = client;
    client.on("connect", () => {
      this.attempt = 0;
      client.subscribe(this.down, { qos: 1 }, (e, granted) => {
        // [MQTT-3.9.3-2]: 0x80 in SUBACK is a refusal (ACL)
        if (e || granted?.[0]?.qos === 128)
          return this.emit("fault", e ?? new Error(`subscription to ${this.down} refused`));
        this.setState("connected");
      });
    });
    client.on("message", (_topic, payload) => this.emit("message", new Uint8Array(payload)));
    client.on("error", (e) => {
      const code = (e as { code?: unknown }).code;
      // CONNACK refusals: 3.1.1 return codes 1–5 [MQTT-3.2.2-5], MQTT 5 reason codes ≥ 0x80.
      if (typeof code === "number") this.emit("refused", code);
      else this.emit("fault", e);
    });
    client.on("close", () => {
      if (this.client !== client) return;
      client.removeAllListeners("close");
      client.end(true);
      this.client = undefined;
      if (this.state === "stopped") return;
      this.retry();
    });
  }

  private retry(): void {
    if (this.state === "stopped") return;
    this.setState("offline");
    const delay = backoffDelay(this.attempt, this.o.backoff ?? { minMs: 1000, maxMs: 60_000 });
    this.emit("retry", this.attempt, delay);
    this.attempt++;
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private setState(state: LinkState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit("state", state);
  }
}
