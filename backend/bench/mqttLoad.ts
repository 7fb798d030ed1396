// The ingest bench's simulated devices, as a child process of their own (`fork`ed by
// ingest.bench.ts): the fleet's CPU and garbage collection stay out of the backend's process and are
// measured on their own. Each device is a minimal MQTT 3.1.1 client on one TCP connection — CONNECT
// with the device's signed login, SUBSCRIBE to its `down`, PUBLISH QoS 1 on its `up`, PUBACK for what
// the broker delivers — with its PUBLISH packets encoded before the clock starts, so that the load
// costs the shared two cores as little as a fleet of real devices on other machines would.

import { createRequire } from "node:module";
import { connect, type Socket } from "node:net";
import { type Ed25519Verifier, openStatement } from "@tet/schemas";

// Receipts are checked with libsodium, as cheaply as the backend checks statements.
const sodium = createRequire(import.meta.url)("sodium-native") as {
  crypto_sign_verify_detached(sig: Uint8Array, msg: Uint8Array, key: Uint8Array): boolean;
};
const verifier: Ed25519Verifier = {
  name: "sodium-native",
  verify: (sig, msg, key) => sodium.crypto_sign_verify_detached(sig, msg, key),
};

/** One simulated device: its login (omitted for a plain broker) and the topic it publishes on. */
export interface LoadLogin {
  clientId: string;
  username?: string;
  password?: Uint8Array;
  objectId: string;
}

/** What the parent sends: where, who, what each device publishes, and how the run is paced. */
export interface LoadJob {
  host: string;
  port: number;
  logins: LoadLogin[];
  chains: Uint8Array[][];
  /** Closed loop on receipts from `down` (end to end), or publish everything at once (pass-through). */
  receipts: boolean;
  /** Statements a device keeps beyond its last receipt (the agent's outbox window). */
  window: number;
  /** Pass-through: one more client subscribes to every `up` and counts what the broker delivers. */
  sink: boolean;
}

/** What the child sends back once every statement is receipted (or, for a sink, delivered). */
export interface LoadResult {
  /** Publish-to-receipt latencies in ms, one per statement (end to end only). */
  latencies: number[];
  receipts: number;
  /** Messages the sink received (pass-through only). */
  delivered: number;
  /** CPU seconds this process used from "go" to the end (all its threads). */
  cpu: number;
  /** Wall seconds from "go" to the end, measured here. */
  seconds: number;
}

function remainingLength(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

function str(s: string | Uint8Array): Buffer {
  const b = typeof s === "string" ? Buffer.from(s, "utf8") : Buffer.from(s);
  const out = Buffer.alloc(2 + b.length);
  out.writeUInt16BE(b.length, 0);
  b.copy(out, 2);
  return out;
}

function packet(first: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([first, ...remainingLength(body.length)]), body]);
}

/** CONNECT, MQTT 3.1.1, clean session, no keep-alive timer. */
function connectPacket(l: LoadLogin): Buffer {
  let flags = 0x02;
  const payload = [str(l.clientId)];
  if (l.username !== undefined) {
    flags |= 0x80;
    payload.push(str(l.username));
  }
  if (l.password !== undefined) {
    flags |= 0x40;
    payload.push(str(l.password));
  }
  return packet(0x10, Buffer.concat([str("MQTT"), Buffer.from([4, flags, 0, 0]), ...payload]));
}

function subscribePacket(pid: number, filter: string): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16BE(pid, 0);
  return packet(0x82, Buffer.concat([id, str(filter), Buffer.from([1])]));
}

/** PUBLISH QoS 1, packet id `pid` (1–65,535). */
function publishPacket(topic: string, pid: number, payload: Uint8Array): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16BE(pid, 0);
  return packet(0x32, Buffer.concat([str(topic), id, payload]));
}

function puback(pid: number): Buffer {
  return Buffer.from([0x40, 0x02, pid >> 8, pid & 0xff]);
}

/**
 * One MQTT connection: collects bytes into whole packets and hands each to `onPacket` as
 * (first byte, body). Everything the bench's devices receive is small, so a partial packet is kept by
 * concatenation.
 */
class Link {
  readonly socket: Socket;
  #pending: Buffer | undefined;

  constructor(host: string, port: number, onPacket: (first: number, body: Buffer) => void) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on("data", (chunk: Buffer) => {
      const buf = this.#pending ? Buffer.concat([this.#pending, chunk]) : chunk;
      this.#pending = undefined;
      let at = 0;
      for (;;) {
        if (buf.length - at < 2) break;
        // A PUBACK (most of what a device receives) is skipped without a call or a view.
        if (buf[at] === 0x40 && buf[at + 1] === 0x02 && buf.length - at >= 4) {
          at += 4;
          continue;
        }
        let len = 0;
        let mul = 1;
        let i = at + 1;
        let complete = false;
        for (; i < buf.length && i < at + 5; i++) {
          const b = buf[i] as number;
          len += (b & 0x7f) * mul;
          mul *= 128;
          if ((b & 0x80) === 0) {
            complete = true;
            i++;
            break;
          }
        }
        if (!complete || buf.length - i < len) break;
        onPacket(buf[at] as number, buf.subarray(i, i + len));
        at = i + len;
      }
      if (at < buf.length) this.#pending = Buffer.from(buf.subarray(at));
    });
  }
}

/** Connects, logs in and (optionally) subscribes; resolves once the SUBACK (or CONNACK) is in. */
function open(
  job: LoadJob,
  login: LoadLogin,
  filter: string | undefined,
  onPublish: (topic: string, payload: Buffer) => void,
): Promise<Link> {
  return new Promise((resolve, reject) => {
    const link: Link = new Link(job.host, job.port, (first, body) => {
      const type = first >> 4;
      if (type === 2) {
        if (body[1] !== 0) return reject(new Error(`${login.clientId}: CONNACK return code ${body[1]}`));
        if (filter === undefined) resolve(link);
        else link.socket.write(subscribePacket(1, filter));
      } else if (type === 9) {
        if (body[2] === 0x80)
          return reject(new Error(`${login.clientId}: subscription to ${filter} refused`));
        resolve(link);
      } else if (type === 3) {
        const tlen = body.readUInt16BE(0);
        const topic = body.toString("utf8", 2, 2 + tlen);
        const qos = (first >> 1) & 3;
        let at = 2 + tlen;
        if (qos > 0) {
          link.socket.write(puback(body.readUInt16BE(at)));
          at += 2;
        }
        onPublish(topic, body.subarray(at));
      }
    });
    link.socket.once("error", reject);
    link.socket.write(connectPacket(login));
  });
}

async function run(job: LoadJob, ready: () => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  let receipts = 0;
  let delivered = 0;
  const total = job.chains.reduce((n, c) => n + c.length, 0);
  let remaining = total;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));

  let sink: Link | undefined;
  if (job.sink)
    sink = await open(job, { clientId: "bench-sink", objectId: "" }, "tet/v1/o/+/up", () => {
      if (++delivered === total) finish();
    });

  const pumps: (() => void)[] = [];
  const links = await Promise.all(
    job.logins.map(async (login, i) => {
      const topic = `tet/v1/o/${login.objectId}/up`;
      const chain = job.chains[i] as Uint8Array[];
      // All of a device's PUBLISH packets in one buffer: a pump writes the next run of them as one
      // slice, one socket write however many statements it sends.
      const packets = chain.map((b, k) => publishPacket(topic, (k % 65_535) + 1, b));
      const all = Buffer.concat(packets);
      const ends = new Uint32Array(packets.length + 1);
      packets.forEach((pk, k) => {
        ends[k + 1] = (ends[k] as number) + pk.length;
      });
      const sentAt = new Float64Array(chain.length + 1);
      let sent = 0;
      let acked = 0;
      let link: Link | undefined;
      const pump = () => {
        const from = sent;
        const now = performance.now();
        while (sent < chain.length && (!job.receipts || sent - acked < job.window)) sentAt[++sent] = now;
        if (sent > from) link?.socket.write(all.subarray(ends[from], ends[sent]));
      };
      const onPublish = (_topic: string, payload: Buffer) => {
        const st = openStatement(payload, { verifier }).statement;
        if (st.t !== "receipt" || st.refused || st.seq <= acked) return;
        receipts++;
        const now = performance.now();
        for (let q = acked + 1; q <= st.seq; q++) latencies.push(now - (sentAt[q] as number));
        remaining -= st.seq - acked;
        acked = st.seq;
        if (remaining === 0) finish();
        pump();
      };
      link = await open(job, login, job.receipts ? `tet/v1/o/${login.objectId}/down` : undefined, onPublish);
      pumps.push(pump);
      return link;
    }),
  );
  await ready();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const p of pumps) p();
  await done;
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  for (const l of [...links, ...(sink ? [sink] : [])]) l.socket.end(Buffer.from([0xe0, 0x00]));
  return { latencies, receipts, delivered, cpu: (c.user + c.system) / 1e6, seconds };
}

// As a forked child: the job comes over IPC, "ready" goes back once every device is connected and
// subscribed, "go" starts the clock, and the result goes back at the end.
if (process.send !== undefined) {
  process.once("message", (job: LoadJob) => {
    run(job, async () => {
      process.send?.({ ready: true });
      await new Promise((r) => process.once("message", r));
    }).then(
      (result) => process.send?.({ result }, () => process.exit(0)),
      (e: unknown) => process.send?.({ error: String(e) }, () => process.exit(1)),
    );
  });
}
