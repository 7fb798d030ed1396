import { didKeyFromPublicKey } from "../ids/index.js";
import { nobleSigner } from "../index.js";
import type { Statement, StatementKind, StatementOf } from "../statements/index.js";

/**
 * One example of every statement kind in the version written now, signed by fixed test keys: the
 * examples in schemas/README.md and the versioned fixtures (saved bytes that must stay readable) —
 * fixtures/v1 for the kinds still at version 1, fixtures/v2 for the chained kinds at version 2, whose
 * version 1 forms (`LEGACY_V1`) stay in fixtures/v1.
 */
export const ownerKey = nobleSigner(new Uint8Array(32).fill(1));
export const deviceKey = nobleSigner(new Uint8Array(32).fill(2));
export const issuerKey = nobleSigner(new Uint8Array(32).fill(3));
export const logKey = nobleSigner(new Uint8Array(32).fill(4));
const owner = didKeyFromPublicKey(ownerKey.publicKey);
const buyer = didKeyFromPublicKey(nobleSigner(new Uint8Array(32).fill(5)).publicKey);
const issuer = didKeyFromPublicKey(issuerKey.publicKey);
const obj = Uint8Array.from(Buffer.from("8d6f0a7e3c1b5a49e2d7c4b6a1f03e58", "hex"));
const ts = 1_795_000_000_000; // 2026-11-18T…Z
const prev = Uint8Array.from(
  Buffer.from("5c1f0e2b9a8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeed", "hex"),
);
/** SHA-256 of the bytes of the object's previous authority statement (the chained kinds' `prev`). */
const authorityPrev = Uint8Array.from(
  Buffer.from("9b2e61d0c4a8f3157e6d2b90a1c4e7f8035b6d9c2e1f4a7b8c0d3e6f9a2b5c8d", "hex"),
);
const hash = Uint8Array.from(
  Buffer.from("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "hex"),
);

export const EXAMPLES: { [K in StatementKind]: { statement: StatementOf<K>; signer: typeof ownerKey } } = {
  genesis: {
    signer: ownerKey,
    statement: {
      v: 1,
      t: "genesis",
      ts,
      owner,
      class: "ev-charger",
      name: "Bay 3 charger",
      model: "WallBox 22",
      manufacturer: "Voltaro",
      serial: "VB22-000318",
      deviceKeys: [deviceKey.publicKey],
      nonce: Uint8Array.from(Buffer.from("a1b2c3d4e5f60718", "hex")),
    },
  },
  state: {
    signer: deviceKey,
    statement: {
      v: 1,
      t: "state",
      ts,
      obj,
      seq: 42,
      prev,
      readings: { temperature: { v: 21.5, u: "Cel" }, humidity: { v: 48, u: "%RH" }, occupied: { v: true } },
    },
  },
  usage: {
    signer: deviceKey,
    statement: {
      v: 1,
      t: "usage",
      ts,
      obj,
      seq: 43,
      prev,
      session: "s-2026-11-18-0007",
      phase: "progress",
      unit: "kWh",
      quantity: 1.25,
      counter: 10234.75,
    },
  },
  gap: {
    signer: deviceKey,
    statement: {
      v: 1,
      t: "gap",
      ts,
      obj,
      seq: 44,
      prev,
      dropped: 120,
      from: ts - 3_600_000,
      to: ts - 60_000,
      reason: "outbox-full",
    },
  },
  "command-result": {
    signer: deviceKey,
    statement: {
      v: 1,
      t: "command-result",
      ts,
      obj,
      seq: 45,
      prev,
      command: hash,
      status: "ok",
      result: { relay: "off" },
    },
  },
  connect: {
    signer: deviceKey,
    statement: { v: 1, t: "connect", ts, obj, nonce: new Uint8Array(16).fill(0x3c) },
  },
  event: {
    signer: ownerKey,
    statement: {
      v: 1,
      t: "event",
      ts,
      obj,
      event: "maintenance",
      text: "Replaced the type 2 cable; insulation test passed.",
      evidence: [1043, 1044],
    },
  },
  document: {
    signer: ownerKey,
    statement: {
      v: 1,
      t: "document",
      ts,
      obj,
      hash,
      mediaType: "application/pdf",
      uri: "https://voltaro.example/manuals/wb22.pdf",
      title: "WallBox 22 installation manual",
      size: 2_483_112,
    },
  },
  warranty: {
    signer: issuerKey,
    statement: {
      v: 2,
      t: "warranty",
      ts,
      obj,
      prev: authorityPrev,
      action: "issue",
      warranty: "VB22-W-000318",
      issuer,
      until: ts + 2 * 365 * 86_400_000,
      transferable: true,
      terms: "Parts and labour, 24 months.",
    },
  },
  transfer: { signer: ownerKey, statement: { v: 2, t: "transfer", ts, obj, prev: authorityPrev, to: buyer } },
  key: {
    signer: ownerKey,
    statement: {
      v: 2,
      t: "key",
      ts,
      obj,
      prev: authorityPrev,
      action: "add",
      key: issuerKey.publicKey,
      role: "issuer",
    },
  },
  relation: {
    signer: ownerKey,
    statement: {
      v: 2,
      t: "relation",
      ts,
      obj,
      prev: authorityPrev,
      rel: "located-in",
      target: new Uint8Array(16).fill(0x77),
      action: "add",
    },
  },
  command: {
    signer: ownerKey,
    statement: {
      v: 1,
      t: "command",
      ts,
      obj,
      id: new Uint8Array(16).fill(0x11),
      name: "stop-session",
      expires: ts + 60_000,
      args: { session: "s-2026-11-18-0007" },
    },
  },
  tariff: {
    signer: ownerKey,
    statement: {
      v: 1,
      t: "tariff",
      ts,
      obj,
      unit: "kWh",
      price: 350_000_000_000_000_000n,
      payout: new Uint8Array(20).fill(0xab),
      from: ts,
    },
  },
  receipt: { signer: logKey, statement: { v: 1, t: "receipt", ts, obj, seq: 45, index: 1_000_045 } },
  rating: {
    signer: nobleSigner(new Uint8Array(32).fill(5)),
    statement: {
      v: 1,
      t: "rating",
      ts,
      obj,
      score: 5,
      settlement: "0x9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a0c2e4f6a8b0d2f4e6a8c0b",
      text: "Fast and reliable.",
    },
  },
  prune: {
    signer: logKey,
    statement: {
      v: 1,
      t: "prune",
      ts,
      policy: "state older than 365 days",
      before: ts - 365 * 86_400_000,
      kinds: ["state"],
      entries: 120_000,
      bytes: 31_200_000,
    },
  },
  service: {
    signer: ownerKey,
    statement: {
      v: 1,
      t: "service",
      ts,
      obj,
      name: "meter",
      version: "1.2.0",
      prefix: Uint8Array.from(Buffer.from("fd54455400010000", "hex")),
      provides: { "billing-meter": "1.2.0" },
      requires: {
        passport: { range: "^1.3.0", mode: "needs" },
        clock: { range: ">=2.1.0 <4.0.0", mode: "after" },
        metrics: { range: "~0.4.2 || 1.x", mode: "optional" },
      },
      health: { path: "/healthz", intervalMs: 5_000, timeoutMs: 1_000, retries: 3 },
      command: ["tet-backend", "meter", "serve", "--object", "rvxqu7r4dnnetywxys3kd4b6la"],
      port: 8081,
      replaces: hash,
    },
  },
};

export const exampleList = (): [StatementKind, Statement, typeof ownerKey][] =>
  (Object.entries(EXAMPLES) as [StatementKind, { statement: Statement; signer: typeof ownerKey }][]).map(
    ([k, e]) => [k, e.statement, e.signer],
  );

/** The chained kinds' version 1 forms (no `prev`): saved in fixtures/v1, read but no longer accepted. */
export const LEGACY_V1: { [K in ChainedKind]: { statement: StatementOf<K>; signer: typeof ownerKey } } = {
  warranty: {
    signer: issuerKey,
    statement: {
      v: 1,
      t: "warranty",
      ts,
      obj,
      action: "issue",
      warranty: "VB22-W-000318",
      issuer,
      until: ts + 2 * 365 * 86_400_000,
      transferable: true,
      terms: "Parts and labour, 24 months.",
    },
  },
  transfer: { signer: ownerKey, statement: { v: 1, t: "transfer", ts, obj, to: buyer } },
  key: {
    signer: ownerKey,
    statement: { v: 1, t: "key", ts, obj, action: "add", key: issuerKey.publicKey, role: "delegate" },
  },
  relation: {
    signer: ownerKey,
    statement: {
      v: 1,
      t: "relation",
      ts,
      obj,
      rel: "located-in",
      target: new Uint8Array(16).fill(0x77),
      action: "add",
    },
  },
};

type ChainedKind = "warranty" | "transfer" | "key" | "relation";

/** Every fixture: its folder (v1, v2), kind, statement and signer. */
export const fixtureList = (): ["v1" | "v2", StatementKind, Statement, typeof ownerKey][] => [
  ...exampleList().map(([k, st, signer]): ["v1" | "v2", StatementKind, Statement, typeof ownerKey] => [
    k in LEGACY_V1 ? "v2" : "v1",
    k,
    st,
    signer,
  ]),
  ...(Object.entries(LEGACY_V1) as [StatementKind, { statement: Statement; signer: typeof ownerKey }][]).map(
    ([k, e]): ["v1" | "v2", StatementKind, Statement, typeof ownerKey] => ["v1", k, e.statement, e.signer],
  ),
];
