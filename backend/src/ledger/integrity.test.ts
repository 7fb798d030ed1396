// Issue 23, items 5, 6 and 8 against a real SQLite file: a projection row edited in the database,
// a stranger's warranty, statements signed implausibly far from the ledger's clock.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  didKeyFromPublicKey,
  type Ed25519Signer,
  generatePrivateKey,
  objectIdFromGenesis,
  type Statement,
  sha256,
  signStatement,
} from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { afterAll, describe, expect, it } from "vitest";
import { type ChainedDraft, signChained } from "./chained.js";
import { isLedgerError, type LedgerErrorCode } from "./ledgerError.js";
import { SqliteStore } from "./sqliteStore.js";
import { StatementLedger } from "./statementLedger.js";

const tmp = mkdtempSync(join(tmpdir(), "tet-integrity-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const logSigner = nodeSigner(generatePrivateKey());
const T0 = 1_790_000_000_000;
let n = 0;

async function open(file: string, opts: { now?: number; clockSkewMs?: number } = {}) {
  const store = SqliteStore.open(file);
  const ledger = await StatementLedger.open({
    store,
    origin: "integrity.test/log",
    signer: logSigner,
    verifier: nodeVerifier,
    now: () => opts.now ?? T0,
    ...(opts.clockSkewMs === undefined ? {} : { clockSkewMs: opts.clockSkewMs }),
  });
  return {
    ledger,
    store,
    close: async () => {
      await ledger.close();
      await store.close();
    },
  };
}

async function codeOf(p: Promise<unknown>): Promise<LedgerErrorCode | "none"> {
  try {
    await p;
    return "none";
  } catch (e) {
    if (isLedgerError(e)) return e.code;
    throw e;
  }
}

const key = () => nodeSigner(generatePrivateKey());
const did = (s: Ed25519Signer) => didKeyFromPublicKey(s.publicKey);

function avatar(owner: Ed25519Signer, device: Ed25519Signer) {
  const genesis = signStatement(
    {
      v: 1,
      t: "genesis",
      ts: T0,
      owner: did(owner),
      class: "lamp",
      deviceKeys: [device.publicKey],
      nonce: new Uint8Array(8).fill(++n),
    },
    owner,
  );
  return { genesis, obj: objectIdFromGenesis(genesis) };
}

describe("authorisation follows from the log (item 5)", () => {
  it("an owner row edited in the SQLite file lets no attacker transfer; the real owner still can", async () => {
    const file = join(tmp, "edited.db");
    const owner = key();
    const attacker = key();
    const a = avatar(owner, key());
    let l = await open(file);
    await l.ledger.append(a.genesis);
    await l.close();
    // The attacker's edit: make itself owner in the projection row.
    const raw = SqliteStore.open(file);
    const row = raw.database.prepare("SELECT value FROM projections WHERE kind = 'object'").get() as {
      value: string;
    };
    const forged = JSON.stringify({ ...JSON.parse(row.value), owner: did(attacker) });
    expect(
      raw.database.prepare("UPDATE projections SET value = ? WHERE kind = 'object'").run(forged).changes,
    ).toBe(1);
    await raw.close();
    l = await open(file);
    // The attacker's request: a transfer to itself, signed by itself, naming the right head.
    const grab = await signChained(
      l.ledger,
      { t: "transfer", ts: T0, obj: a.obj, to: did(attacker) },
      attacker,
    );
    expect(await codeOf(l.ledger.append(grab))).toBe("NOT_OWNER");
    const buyer = key();
    const sale = await signChained(l.ledger, { t: "transfer", ts: T0, obj: a.obj, to: did(buyer) }, owner);
    expect((await l.ledger.append(sale)).duplicate).toBe(false);
    await l.close();
  });

  it("a device key row added in the SQLite file binds nothing: its statements are KEY_NOT_BOUND", async () => {
    const file = join(tmp, "keyrow.db");
    const a = avatar(key(), key());
    const rogue = key();
    let l = await open(file);
    await l.ledger.append(a.genesis);
    await l.close();
    const raw = SqliteStore.open(file);
    raw.database
      .prepare("INSERT INTO projections (object, kind, key, value) VALUES (?, 'key', ?, ?)")
      .run(a.obj, Buffer.from(rogue.publicKey).toString("hex"), JSON.stringify({ role: "device", since: 0 }));
    await raw.close();
    l = await open(file);
    const s = { v: 1, t: "state", ts: T0, obj: a.obj, seq: 1, prev: new Uint8Array(32), readings: {} };
    expect(await codeOf(l.ledger.append(signStatement(s as Statement, rogue)))).toBe("KEY_NOT_BOUND");
    await l.close();
  });
});

describe("warranty issuers (item 6)", () => {
  it("refuses a stranger's warranty; an issuer the owner bound issues it; the owner may not void an accepted one", async () => {
    const file = join(tmp, "warranty.db");
    const owner = key();
    const issuer = key();
    const stranger = key();
    const a = avatar(owner, key());
    const l = await open(file);
    await l.ledger.append(a.genesis);
    const w = (action: "issue" | "void", extra: { terms?: string } = {}): ChainedDraft => ({
      t: "warranty",
      ts: T0,
      obj: a.obj,
      action,
      warranty: "W-1",
      ...extra,
    });
    // The attacker's request: a stranger issuing W-1 on someone else's avatar.
    const squat = await signChained(l.ledger, w("issue"), stranger);
    expect(await codeOf(l.ledger.append(squat))).toBe("ISSUER_NOT_ACCEPTED");
    expect(await codeOf(l.ledger.append(await signChained(l.ledger, w("issue"), issuer)))).toBe(
      "ISSUER_NOT_ACCEPTED",
    );
    const bind: ChainedDraft = {
      t: "key",
      ts: T0,
      obj: a.obj,
      action: "add",
      key: issuer.publicKey,
      role: "issuer",
    };
    await l.ledger.append(await signChained(l.ledger, bind, owner));
    await l.ledger.append(await signChained(l.ledger, w("issue", { terms: "24 months" }), issuer));
    expect(await codeOf(l.ledger.append(await signChained(l.ledger, w("void"), owner)))).toBe(
      "KEY_NOT_BOUND",
    );
    await l.close();
  });

  it("a stranger's warranty from an old log: kept as unaccepted, the owner may void it, the real issuer re-issues its id", async () => {
    const file = join(tmp, "legacy-warranty.db");
    const owner = key();
    const stranger = key();
    const a = avatar(owner, key());
    let l = await open(file);
    await l.ledger.append(a.genesis);
    // What the old code accepted: a version 1 issue by a stranger, written straight into the log.
    const old = signStatement(
      { v: 1, t: "warranty", ts: T0, obj: a.obj, action: "issue", warranty: "W-9" } as Statement,
      stranger,
    );
    await l.ledger.log.append({
      bytes: old,
      object: a.obj,
      seq: null,
      kind: "warranty",
      ts: T0,
      projections: [],
    });
    await l.close();
    l = await open(file);
    const row = (await l.ledger.authorityHead(a.obj))?.hash;
    expect(row).toBe(Buffer.from(sha256(old)).toString("hex")); // the legacy issue is the head
    const voided = await signChained(
      l.ledger,
      { t: "warranty", ts: T0, obj: a.obj, action: "void", warranty: "W-9", reason: "not ours" },
      owner,
    );
    expect((await l.ledger.append(voided)).duplicate).toBe(false);
    const maker = await signChained(
      l.ledger,
      { t: "warranty", ts: T0, obj: a.obj, action: "issue", warranty: "W-9", terms: "real" },
      owner,
    );
    expect((await l.ledger.append(maker)).duplicate).toBe(false);
    await l.close();
  });
});

describe("timestamp sanity (item 8)", () => {
  it("refuses a ts beyond the tolerance ahead, and a device ts beyond it behind its chain head", async () => {
    const owner = key();
    const device = key();
    const a = avatar(owner, device);
    const l = await open(join(tmp, "clock.db"), { now: T0 + 1_000_000, clockSkewMs: 60_000 });
    await l.ledger.append(a.genesis);
    let prev: Uint8Array = new Uint8Array(32);
    const state = (seq: number, ts: number) => {
      const bytes = signStatement(
        { v: 1, t: "state", ts, obj: a.obj, seq, prev, readings: {} } as Statement,
        device,
      );
      return bytes;
    };
    // The attacker's (or a broken clock's) request: signed 10 minutes in the future.
    expect(await codeOf(l.ledger.append(state(1, T0 + 1_000_000 + 600_000)))).toBe("FUTURE_TIMESTAMP");
    const s1 = state(1, T0 + 1_000_000 + 50_000); // within the tolerance
    await l.ledger.append(s1);
    prev = sha256(s1);
    expect(await codeOf(l.ledger.append(state(2, T0 + 1_000_000 + 50_000 - 61_000)))).toBe(
      "TIMESTAMP_BACKWARDS",
    );
    const s2 = state(2, T0 + 1_000_000 - 5_000); // backwards, but within the tolerance
    await l.ledger.append(s2);
    const event = { v: 1, t: "event", ts: T0 + 1_000_000 + 120_000, obj: a.obj, event: "note", text: "x" };
    expect(await codeOf(l.ledger.append(signStatement(event as Statement, owner)))).toBe("FUTURE_TIMESTAMP");
    const late = { ...event, ts: T0 - 86_400_000 }; // signed offline a day ago: no lower bound
    expect((await l.ledger.append(signStatement(late as Statement, owner))).duplicate).toBe(false);
    await l.close();
  });
});
