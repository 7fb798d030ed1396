// The login benches' devices, as a child process of their own (`fork`ed by login.bench.ts), so that
// their CPU stays out of the broker's process: raw MQTT 3.1.1 connections (RawMqtt) with logins and
// statements signed by the parent beforehand. Two jobs:
// - storm: every device connects, subscribes and appends its first statements; on "storm" (the
//   broker was restarted) all reconnect at once, retrying a refusal or a dropped connection with the
//   agent's backoff (full jitter from 1 s, doubling), then append their next statements;
// - hammer: one device logs in over and over from 30 connections while others log in at a steady
//   pace, for a fixed time.

import { downTopic, parseStatement, upTopic } from "@tet/schemas";
import type { Packet } from "mqtt-packet";
// biome-ignore lint/correctness/noPrivateImports: a `bench: dist` child runs without the @tet/source condition, so the source-only test-support entry does not resolve; RawMqtt (mqtt-packet, a devDependency) is not in the package entry.
import { RawMqtt } from "../src/broker/rawMqtt.js";

export interface LoadDevice {
  clientId: string;
  username: string;
  objectId: string;
  /** Signed connect statements with increasing ts: one per attempt. */
  logins: Uint8Array[];
  /** Statements before the storm, and after it. */
  before: Uint8Array[];
  after: Uint8Array[];
}

export type LoginJob =
  | { kind: "storm"; host: string; port: number; devices: LoadDevice[] }
  | { kind: "hammer"; host: string; port: number; hammer: LoadDevice; others: LoadDevice[]; seconds: number };

export interface StormResult {
  /** From "storm" to the last CONNACK 0, and to the last receipt, ms. */
  allConnectedMs: number;
  allAppendedMs: number;
  /** CONNECT to CONNACK of every accepted login, ms. */
  loginMs: number[];
  /** Attempts refused (CONNACK 3 or closed) before each device got in. */
  retries: number;
  statements: number;
}

export interface HammerResult {
  /** CONNACK codes of the hammering device's attempts, by code (-1: closed without one). */
  codes: Record<string, number>;
  /** CONNECT to CONNACK of the other devices' logins, ms. */
  othersMs: number[];
  othersRefused: number;
  seconds: number;
}

const receiptSeq = (p: Packet): number => {
  if (p.cmd !== "publish") return -1;
  try {
    const s = parseStatement(p.payload as Buffer).statement;
    return s.t === "receipt" ? s.seq : -1;
  } catch {
    return -1;
  }
};

/** One login attempt: the CONNACK code and how long it took. */
async function attempt(host: string, port: number, d: LoadDevice, n: number) {
  const c = await RawMqtt.open({ host, port });
  const start = performance.now();
  const code = await c.login({
    clientId: d.clientId,
    username: d.username,
    password: Buffer.from(d.logins[n] as Uint8Array),
  });
  return { c, code, ms: performance.now() - start };
}

/** Logs in (retrying with backoff), subscribes and appends `chain`; resolves when its receipt came. */
async function session(
  host: string,
  port: number,
  d: LoadDevice,
  from: number,
  chain: Uint8Array[],
  out: { loginMs: number[]; retries: number; connectedAt: number[] },
) {
  for (let n = from; ; n++) {
    const a = await attempt(host, port, d, n).catch(() => undefined);
    if (a !== undefined && a.code === 0) {
      out.loginMs.push(a.ms);
      out.connectedAt.push(performance.now());
      const c = a.c;
      c.send(RawMqtt.subscribe(1, downTopic(d.objectId)));
      c.send(...chain.map((b, i) => RawMqtt.publish(i + 1, upTopic(d.objectId), b)));
      const last = parseStatement(chain.at(-1) as Uint8Array).statement as { seq: number };
      await c.next((p) => receiptSeq(p) >= last.seq);
      return c;
    }
    a?.c.close();
    out.retries++;
    if (n + 1 >= d.logins.length) throw new Error(`${d.objectId}: out of signed logins`);
    // The agent's link: full jitter, from 1 s, doubling (agent/src/link/backoff.ts).
    await new Promise((r) => setTimeout(r, Math.random() * 1000 * 2 ** (n - from)));
  }
}

async function storm(job: Extract<LoginJob, { kind: "storm" }>): Promise<void> {
  const warm = { loginMs: [] as number[], retries: 0, connectedAt: [] as number[] };
  const first = await Promise.all(job.devices.map((d) => session(job.host, job.port, d, 0, d.before, warm)));
  const dropped = Promise.all(first.map((c) => c.closed));
  process.send?.({ ready: true });
  await new Promise<void>((r) => process.once("message", () => r()));
  await dropped; // the broker closed every connection on its restart
  const out = { loginMs: [] as number[], retries: 0, connectedAt: [] as number[] };
  const t0 = performance.now();
  const again = await Promise.all(job.devices.map((d) => session(job.host, job.port, d, 1, d.after, out)));
  const allAppendedMs = performance.now() - t0;
  for (const c of again) c.close();
  const result: StormResult = {
    allConnectedMs: Math.max(...out.connectedAt) - t0,
    allAppendedMs,
    loginMs: out.loginMs,
    retries: out.retries,
    statements: job.devices.reduce((n, d) => n + d.after.length, 0),
  };
  process.send?.({ result });
}

async function hammer(job: Extract<LoginJob, { kind: "hammer" }>): Promise<void> {
  const codes: Record<string, number> = {};
  const othersMs: number[] = [];
  let othersRefused = 0;
  const t0 = performance.now();
  const end = t0 + job.seconds * 1000;
  let next = 0;
  const attacker = Array.from({ length: 30 }, async () => {
    while (performance.now() < end && next < job.hammer.logins.length) {
      const a = await attempt(job.host, job.port, job.hammer, next++);
      codes[a.code] = (codes[a.code] ?? 0) + 1;
      a.c.close();
    }
  });
  const others = job.others.map(async (d, i) => {
    // Each other device logs in now and then (its own fresh logins), a fraction of a second apart.
    await new Promise((r) => setTimeout(r, (i * 1000) / job.others.length));
    for (let n = 0; performance.now() < end && n < d.logins.length; n++) {
      const a = await attempt(job.host, job.port, d, n);
      if (a.code === 0) othersMs.push(a.ms);
      else othersRefused++;
      a.c.close();
      await new Promise((r) => setTimeout(r, 1000));
    }
  });
  await Promise.all([...attacker, ...others]);
  process.send?.({ result: { codes, othersMs, othersRefused, seconds: (performance.now() - t0) / 1000 } });
}

process.once("message", (job: LoginJob) => {
  (job.kind === "storm" ? storm(job) : hammer(job)).catch((e: unknown) => {
    process.send?.({ error: String(e instanceof Error ? e.stack : e) });
  });
});
