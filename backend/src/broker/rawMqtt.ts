import { connect, type Socket } from "node:net";
import mqttPacket, { type Packet } from "mqtt-packet";

/** A device login as `SimulatedDevice.login()` makes it. */
export interface RawLogin {
  clientId: string;
  username?: string;
  password?: Buffer;
}

/**
 * A bare MQTT 3.1.1 client on one TCP connection, for hostile-client tests and benches: it writes
 * whatever packets it is given (mqtt-packet encodes them), can stop reading its socket, and collects
 * what the broker sends. Nothing is answered unless asked (no PUBACKs).
 *
 * @example
 * const c = await RawMqtt.open({ host: "::1", port });
 * expect(await c.login(device.login())).toBe(0);
 */
export class RawMqtt {
  readonly socket: Socket;
  readonly received: Packet[] = [];
  /** Resolves when the connection is closed (by either side). */
  readonly closed: Promise<void>;
  readonly #parser = mqttPacket.parser({ protocolVersion: 4 });
  #waiters: { match: (p: Packet) => boolean; resolve: (p: Packet) => void }[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
    socket.on("error", () => undefined); // a reset by the broker is what some tests wait for
    this.#parser.on("packet", (p: Packet) => {
      this.received.push(p);
      const hit = this.#waiters.filter((w) => w.match(p));
      this.#waiters = this.#waiters.filter((w) => !w.match(p));
      for (const w of hit) w.resolve(p);
    });
    socket.on("data", (chunk) => this.#parser.parse(chunk));
  }

  /** Opens a TCP connection to the broker. */
  static open(at: { host: string; port: number }): Promise<RawMqtt> {
    return new Promise((resolve, reject) => {
      const s = connect(at.port, at.host);
      s.once("connect", () => resolve(new RawMqtt(s)));
      s.once("error", reject);
    });
  }

  /** Encodes and writes packets in one write. */
  send(...packets: Packet[]): boolean {
    return this.socket.write(Buffer.concat(packets.map((p) => mqttPacket.generate(p))));
  }

  /**
   * Sends CONNECT (clean session unless said otherwise) and resolves with CONNACK's return code, or
   * -1 when the broker closed the connection without one (a newer login with the same client id took
   * the session over before this one's CONNACK [MQTT-3.1.4-2], or a packet limit).
   */
  async login(l: RawLogin, opts: { clean?: boolean } = {}): Promise<number> {
    const ack = this.next((p) => p.cmd === "connack");
    this.send({
      cmd: "connect",
      protocolId: "MQTT",
      protocolVersion: 4,
      clean: opts.clean ?? true,
      clientId: l.clientId,
      keepalive: 0,
      ...(l.username === undefined ? {} : { username: l.username }),
      ...(l.password === undefined ? {} : { password: l.password }),
    });
    const p = await Promise.race([ack, this.closed.then(() => undefined)]);
    if (p === undefined) return -1;
    return (p as { returnCode: number }).returnCode;
  }

  /** A SUBSCRIBE for one filter at QoS 1. */
  static subscribe(messageId: number, topic: string): Packet {
    return { cmd: "subscribe", messageId, subscriptions: [{ topic, qos: 1 }] } as Packet;
  }

  /** A PUBLISH at QoS 1. */
  static publish(messageId: number, topic: string, payload: Uint8Array): Packet {
    return {
      cmd: "publish",
      messageId,
      topic,
      payload: Buffer.from(payload),
      qos: 1,
      dup: false,
      retain: false,
    };
  }

  /** The next packet matching `match` (including one already received). */
  next(match: (p: Packet) => boolean): Promise<Packet> {
    const hit = this.received.find(match);
    if (hit !== undefined) return Promise.resolve(hit);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  /** Stops reading the socket: what the broker sends piles up in its buffers. */
  stopReading(): void {
    this.socket.pause();
  }

  close(): void {
    this.socket.destroy();
  }
}
