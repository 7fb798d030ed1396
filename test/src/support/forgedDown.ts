// Forged down messages against a real tet-agent, for any broker: the embedded aedes
// (agentForgedDown.test.ts) and a real Mosquitto (the external-broker tests). A world provides the
// broker-specific parts — how to publish on the device's down as a client allowed to (the backend's
// own credential), the SQLite ledger, the agent's data directory — and `forgedDownScenario` runs the
// attack and checks what issue #14 asks: nothing acknowledged, run or recorded; every statement the
// agent held reaches the ledger exactly once afterwards.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AgentStatus } from "@tet/agent";
import { type Ed25519Signer, generatePrivateKey, type Statement, signStatement } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import Database from "better-sqlite3";
import mqtt from "mqtt";
import { expect } from "vitest";
import { until } from "./until.js";

/** Signs with a fresh key of its own but names `kid` in the protected header: claims someone else's key. */
function claiming(kid: Uint8Array): Ed25519Signer {
  const forger = nodeSigner(generatePrivateKey());
  return { publicKey: kid, sign: (m) => forger.sign(m) };
}

/** Forged receipts and commands for one object: they claim the log's and the owner's keys. */
export function forgeries(o: { object: Uint8Array; logKey: Uint8Array; ownerKey: Uint8Array; seq: number }) {
  const statement = (s: Record<string, unknown>, by: Ed25519Signer) =>
    signStatement({ v: 1, ts: Date.now(), obj: o.object, ...s } as unknown as Statement, by);
  const receipt = (by: Ed25519Signer) => statement({ t: "receipt", seq: o.seq, index: 1 }, by);
  const unsigned = receipt(claiming(o.logKey));
  unsigned.fill(0, unsigned.length - 64); // the signature: 64 zero bytes
  const commandId = new Uint8Array(randomBytes(16));
  return {
    commandId: Buffer.from(commandId).toString("hex"),
    messages: [
      { code: "COSE_BAD_SIGNATURE", bytes: receipt(claiming(o.logKey)) },
      { code: "COSE_BAD_SIGNATURE", bytes: unsigned },
      { code: "RECEIPT_INVALID", bytes: receipt(nodeSigner(generatePrivateKey())) },
      {
        code: "COSE_BAD_SIGNATURE",
        bytes: statement(
          { t: "command", id: commandId, name: "report-now", expires: Date.now() + 60_000 },
          claiming(o.ownerKey),
        ),
      },
    ],
  };
}

/** Publishes `messages` on the object's down topic at QoS 1 as `username`, waiting for each PUBACK. */
export async function publishDown(o: {
  url: string;
  username: string;
  password: string;
  protocol?: 4 | 5;
  objectId: string;
  messages: Uint8Array[];
}): Promise<void> {
  const client = await mqtt.connectAsync(o.url, {
    username: o.username,
    password: o.password,
    protocolVersion: o.protocol ?? 4,
    clientId: `forger-${randomBytes(4).toString("hex")}`,
    reconnectPeriod: 0,
  });
  try {
    for (const m of o.messages)
      await client.publishAsync(`tet/v1/o/${o.objectId}/down`, Buffer.from(m), { qos: 1 });
  } finally {
    await client.endAsync();
  }
}

/**
 * Holds the SQLite ledger's write lock (BEGIN IMMEDIATE) so the backend cannot append for a while
 * (its busy timeout is 10 s): receipts stop, and the agent keeps statements unacknowledged.
 */
export function holdLedgerWrites(db: string): { release: () => void } {
  const conn = new Database(db);
  conn.pragma("busy_timeout = 10000");
  conn.exec("BEGIN IMMEDIATE");
  return {
    release: () => {
      conn.exec("ROLLBACK");
      conn.close();
    },
  };
}

/** The status file a running agent writes into its data directory (what `tet-agent status` prints). */
export function agentStatus(dataDir: string): AgentStatus | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, "status.json"), "utf8")) as AgentStatus;
  } catch {
    return undefined;
  }
}

/** What `forgedDownScenario` needs from its broker and backend. */
export interface ForgedDownWorld {
  object: Uint8Array;
  logKey: Uint8Array;
  ownerKey: Uint8Array;
  /** The backend's SQLite ledger file. */
  db: string;
  /** The running tet-agent's data directory. */
  agentData: string;
  /** Publishes on the object's down as a client allowed to (e.g. `publishDown` with the backend's credential). */
  publishDown: (messages: Uint8Array[]) => Promise<void>;
  /** The object's device statements in the ledger, in log order. */
  ledger: () => Promise<Statement[]>;
}

/**
 * With statements flowing, holds the ledger's writes so the agent keeps some unacknowledged, then
 * publishes a forged receipt (covering all of them), an unsigned one, one by a stranger's key and a
 * forged owner command. Checks: each ignored and counted, nothing acknowledged or run or recorded;
 * after the ledger is released, every statement reaches it exactly once and no command-result appears.
 */
export async function forgedDownScenario(w: ForgedDownWorld): Promise<void> {
  const status = () => agentStatus(w.agentData);
  await until(() => (status()?.outbox.ackedSeq ?? 0) >= 3, "statements acknowledged by the backend", {
    ms: 60_000,
  });
  const lock = holdLedgerWrites(w.db);
  let held: AgentStatus;
  let f: ReturnType<typeof forgeries>;
  try {
    const acked = status()?.outbox.ackedSeq ?? 0;
    await until(() => (status()?.outbox.headSeq ?? 0) >= acked + 3, "unacknowledged statements", {
      ms: 6000,
    });
    held = status() as AgentStatus;
    f = forgeries({ object: w.object, logKey: w.logKey, ownerKey: w.ownerKey, seq: held.outbox.headSeq });
    await w.publishDown(f.messages.map((m) => m.bytes));
    const seen = () => status()?.ignored?.total ?? 0;
    const moved = () => status()?.outbox.ackedSeq !== held.outbox.ackedSeq;
    await until(() => seen() >= f.messages.length || moved(), "the agent to take the forgeries", {
      ms: 6000,
    });
    const after = status() as AgentStatus;
    expect(after.outbox.ackedSeq, "a forged receipt acknowledged statements").toBe(held.outbox.ackedSeq);
    expect(after.outbox.signed).toBeGreaterThanOrEqual(held.outbox.headSeq - held.outbox.ackedSeq);
    expect(
      readFileSync(join(w.agentData, "seen-commands.txt"), "utf8"),
      "the forged command was journalled",
    ).not.toContain(f.commandId);
    expect(after.ignored?.byCode).toEqual({ COSE_BAD_SIGNATURE: 3, RECEIPT_INVALID: 1 });
  } finally {
    lock.release();
  }
  const upTo = held.outbox.headSeq;
  await until(async () => (status()?.outbox.ackedSeq ?? 0) >= upTo, "the held statements acknowledged", {
    ms: 30_000,
  });
  const stored = await w.ledger();
  const seqs = stored.map((s) => (s as { seq: number }).seq);
  expect(seqs.slice(0, upTo)).toEqual(Array.from({ length: upTo }, (_, i) => i + 1));
  const readings = stored.flatMap((s) => (s.t === "state" ? [JSON.stringify(s.readings)] : []));
  expect(new Set(readings).size, "a statement stored twice").toBe(readings.length);
  expect(
    stored.filter((s) => s.t === "command-result"),
    "the forged command ran",
  ).toEqual([]);
}
