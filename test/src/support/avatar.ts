import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type LedgerStore, SqliteStore, StatementLedger } from "@tet/backend";
import {
  didKeyFromPublicKey,
  generatePrivateKey,
  objectIdFromGenesis,
  objectIdToText,
  parseStatement,
  signStatement,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";

/** The log key every scenario's backend signs with (receipts, checkpoints). */
export function logKey() {
  const key = generatePrivateKey();
  const signer = nodeSigner(key);
  return { hex: Buffer.from(key).toString("hex"), signer, did: didKeyFromPublicKey(signer.publicKey) };
}

/** An avatar for a real agent: owner and device keys, its genesis (also written to `dir`). */
export function avatar(dir: string) {
  const owner = nodeSigner(generatePrivateKey());
  const deviceKey = generatePrivateKey();
  const device = nodeSigner(deviceKey);
  const genesis = signStatement(
    {
      v: 1,
      t: "genesis",
      ts: Date.now(),
      owner: didKeyFromPublicKey(owner.publicKey),
      class: "sensor",
      deviceKeys: [device.publicKey],
      nonce: new Uint8Array(randomBytes(16)),
    },
    owner,
  );
  const object = objectIdFromGenesis(genesis);
  const objectId = objectIdToText(object);
  const genesisPath = join(dir, `${objectId}.genesis.cose`);
  writeFileSync(genesisPath, genesis);
  return {
    owner,
    device,
    deviceKeyHex: Buffer.from(deviceKey).toString("hex"),
    genesis,
    genesisPath,
    object,
    objectId,
  };
}

/** Appends statements (genesis) to a fresh SQLite ledger before its backend starts. */
export async function seed(
  db: string,
  key: ReturnType<typeof logKey>,
  statements: Uint8Array[],
): Promise<void> {
  const store = await SqliteStore.open(db);
  const ledger = await StatementLedger.open({
    store,
    origin: "e2e.tet/log",
    signer: key.signer,
    verifier: (await import("@tet/schemas/node")).nodeVerifier,
  });
  for (const s of statements) await ledger.append(s);
  await ledger.close();
  await store.close();
}

/** What the ledger holds for one object: entries per kind, and the device seqs in log order. */
export async function holdings(
  store: LedgerStore,
  object: Uint8Array,
): Promise<{ kinds: Record<string, number>; seqs: number[]; dropped: number }> {
  const kinds: Record<string, number> = {};
  const seqs: number[] = [];
  let dropped = 0;
  let afterIndex: number | undefined;
  for (;;) {
    const page = await store.entriesByObject(object, {
      limit: 1000,
      ...(afterIndex === undefined ? {} : { afterIndex }),
    });
    for (const e of page) {
      kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
      if (e.seq !== null) seqs.push(e.seq);
      if (e.kind === "gap" && e.bytes) {
        const g = parseStatement(e.bytes).statement;
        if (g.t === "gap") dropped += g.dropped;
      }
    }
    if (page.length < 1000) return { kinds, seqs, dropped };
    afterIndex = page.at(-1)?.index;
  }
}

/** True when `seqs` is exactly 1, 2, …, n: nothing lost, nothing twice. */
export function isExactChain(seqs: readonly number[]): boolean {
  return seqs.every((s, i) => s === i + 1);
}
