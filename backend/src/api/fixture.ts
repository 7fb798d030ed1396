import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  didKeyFromPublicKey,
  type Ed25519Signer,
  generatePrivateKey,
  objectIdFromGenesis,
  objectIdToText,
  type Statement,
  sha256,
  signStatement,
} from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { type ChainedDraft, SqliteStore, StatementLedger, signChained } from "../ledger/index.js";

/** A principal with a key: signs statements (tests, benchmarks, examples). */
export class Actor {
  readonly signer: Ed25519Signer;
  readonly did: string;
  readonly privateKey: Uint8Array;
  constructor(privateKey = generatePrivateKey()) {
    this.privateKey = privateKey;
    this.signer = nodeSigner(privateKey);
    this.did = didKeyFromPublicKey(this.signer.publicKey);
  }
  sign(s: Statement): Uint8Array {
    return signStatement(s, this.signer);
  }
}

/** A device key with its hash chain: `state(readings)` signs the next state statement. */
export class Device extends Actor {
  seq = 0;
  prev: Uint8Array = new Uint8Array(32);
  state(
    obj: Uint8Array,
    readings: Record<string, { v: number | string | boolean; u?: string }>,
    ts = Date.now(),
  ): Uint8Array {
    const bytes = this.sign({ v: 1, t: "state", ts, obj, seq: this.seq + 1, prev: this.prev, readings });
    this.seq++;
    this.prev = sha256(bytes);
    return bytes;
  }
}

/** A signed genesis and its object id. */
export function genesis(
  owner: Actor,
  opts: {
    devices?: Actor[];
    cls?: string;
    name?: string;
    maker?: string;
    ts?: number;
    model?: string;
    manufacturer?: string;
    serial?: string;
  } = {},
) {
  const bytes = owner.sign({
    v: 1,
    t: "genesis",
    ts: opts.ts ?? Date.now(),
    owner: owner.did,
    class: opts.cls ?? "desk",
    deviceKeys: (opts.devices ?? []).map((d) => d.signer.publicKey),
    nonce: generatePrivateKey().subarray(0, 8),
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.model ? { model: opts.model } : {}),
    ...(opts.manufacturer ? { manufacturer: opts.manufacturer } : {}),
    ...(opts.serial ? { serial: opts.serial } : {}),
    ...(opts.maker ? { maker: opts.maker } : {}),
  });
  const obj = objectIdFromGenesis(bytes);
  return { bytes, obj, id: objectIdToText(obj) };
}

/** A ledger over a fresh SQLite file in a temporary directory, with its own log key. */
export async function openTestLedger(
  opts: { origin?: string; checkpointMs?: number; now?: () => number } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "tet-api-"));
  const logKey = generatePrivateKey();
  const store = SqliteStore.open(join(dir, "ledger.db"));
  const ledger = await StatementLedger.open({
    store,
    origin: opts.origin ?? "test.tet/log",
    signer: nodeSigner(logKey),
    verifier: nodeVerifier,
    batchMs: 1,
    checkpointMs: opts.checkpointMs ?? 50,
    ...(opts.now ? { now: opts.now } : {}),
  });
  return {
    ledger,
    /** Signs a chained statement (transfer, key, relation, warranty) as version 2 naming the object's authority head. */
    chain: (by: Actor, s: ChainedDraft) => signChained(ledger, s, by.signer),
    store,
    dir,
    logKey,
    async close() {
      await ledger.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
