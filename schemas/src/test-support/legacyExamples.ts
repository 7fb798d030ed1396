import type { Statement, StatementKind, StatementOf } from "../statements/index.js";
import { buyer, issuer, issuerKey, obj, ownerKey, ts } from "./exampleKeys.js";
import { exampleList } from "./examples.js";

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
