import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  didKeyFromPublicKey,
  type Ed25519Signer,
  generatePrivateKey,
  objectIdFromGenesis,
  type Statement,
  type StatementOf,
  sha256,
  signStatement,
} from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { afterAll, beforeAll } from "vitest";
import { type ChainedDraft, signChained } from "./chained.js";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "./embeddedPostgres.js";
import { isLedgerError, type LedgerErrorCode } from "./ledgerError.js";
import type { LedgerStore } from "./ledgerStore.js";
import { PostgresStore } from "./postgresStore.js";
import { SqliteStore } from "./sqliteStore.js";
import { StatementLedger } from "./statementLedger.js";

// Shared by the StatementLedger suites (statementLedger*.test.ts), each run on SQLite and PostgreSQL.

export const T0 = 1_790_000_000_000;
export const logSigner = nodeSigner(generatePrivateKey());
let n = 0;

/**
 * The two stores a StatementLedger suite runs on, named for `describe.each`. Registers the hooks
 * that start an embedded PostgreSQL and make a temporary folder for SQLite files before the suite,
 * and remove both after it; call it once at the top level of a test file.
 */
export function storeFactories(): [string, () => Promise<LedgerStore>][] {
  let pgServer: EmbeddedPostgresServer | undefined;
  const tmp = mkdtempSync(join(tmpdir(), "tet-stmt-"));
  beforeAll(async () => {
    pgServer = await startEmbeddedPostgres();
  });
  afterAll(async () => {
    await pgServer?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });
  return [
    ["SqliteStore", async () => SqliteStore.open(join(tmp, `l${n++}.db`))],
    [
      "PostgresStore",
      async () => PostgresStore.open(await (pgServer as EmbeddedPostgresServer).createDatabase(`s${n++}`)),
    ],
  ];
}

/** A StatementLedger over `store`, signed by the suites' log key. */
export const openLedger = (store: LedgerStore) =>
  StatementLedger.open({ store, origin: "test/log", signer: logSigner, verifier: nodeVerifier });

/** An object with its owner and one device, and a signed device chain. */
export function avatar() {
  const owner = nodeSigner(generatePrivateKey());
  const device = nodeSigner(generatePrivateKey());
  const genesis = signStatement(
    {
      v: 1,
      t: "genesis",
      ts: T0,
      owner: didKeyFromPublicKey(owner.publicKey),
      class: "desk",
      name: "Desk 1",
      deviceKeys: [device.publicKey],
      nonce: new Uint8Array(8).fill(n),
    },
    owner,
  );
  const obj = objectIdFromGenesis(genesis);
  let prev: Uint8Array = new Uint8Array(32);
  let seq = 0;
  const state = (temp: number, opts: { ts?: number; signer?: Ed25519Signer } = {}): Uint8Array => {
    const s: StatementOf<"state"> = {
      v: 1,
      t: "state",
      ts: opts.ts ?? T0 + seq,
      obj,
      seq: ++seq,
      prev,
      readings: { temperature: { v: temp, u: "Cel" } },
    };
    const bytes = signStatement(s, opts.signer ?? device);
    prev = sha256(bytes);
    return bytes;
  };
  const by = (signer: Ed25519Signer, s: Statement) => signStatement(s, signer);
  /** A chained statement (transfer, key, relation, warranty) as version 2, naming the authority head in `l`. */
  const chain = (l: StatementLedger, signer: Ed25519Signer, s: ChainedDraft) => signChained(l, s, signer);
  return { owner, device, genesis, obj, state, by, chain };
}

/** The ledger error code `p` is refused with, or "none" when it is accepted. */
export async function codeOf(p: Promise<unknown>): Promise<LedgerErrorCode | "none"> {
  try {
    await p;
    return "none";
  } catch (e) {
    if (isLedgerError(e)) return e.code;
    throw e;
  }
}
