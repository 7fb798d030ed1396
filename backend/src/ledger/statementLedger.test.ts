import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  didKeyFromPublicKey,
  type Ed25519Signer,
  generatePrivateKey,
  objectIdFromGenesis,
  parseStatement,
  type Statement,
  type StatementOf,
  sha256,
  signStatement,
  verifyInclusion,
} from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChainedDraft, signChained } from "./chained.js";
import { collectGarbage } from "./collectGarbage.js";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "./embeddedPostgres.js";
import { isLedgerError, type LedgerErrorCode } from "./ledgerError.js";
import type { AppendBatch, LedgerStore } from "./ledgerStore.js";
import { nodeHasher } from "./nodeHasher.js";
import { PostgresStore } from "./postgresStore.js";
import { projectionDigest, rebuildProjections } from "./rebuild.js";
import { SqliteStore } from "./sqliteStore.js";
import { StatementLedger } from "./statementLedger.js";

let pgServer: EmbeddedPostgresServer | undefined;
const tmp = mkdtempSync(join(tmpdir(), "tet-stmt-"));
let n = 0;
beforeAll(async () => {
  pgServer = await startEmbeddedPostgres();
});
afterAll(async () => {
  await pgServer?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const factories: [string, () => Promise<LedgerStore>][] = [
  ["SqliteStore", async () => SqliteStore.open(join(tmp, `l${n++}.db`))],
  [
    "PostgresStore",
    async () => PostgresStore.open(await (pgServer as EmbeddedPostgresServer).createDatabase(`s${n++}`)),
  ],
];

const T0 = 1_790_000_000_000;
const logSigner = nodeSigner(generatePrivateKey());

/** An object with its owner and one device, and a signed device chain. */
function avatar() {
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

async function codeOf(p: Promise<unknown>): Promise<LedgerErrorCode | "none"> {
  try {
    await p;
    return "none";
  } catch (e) {
    if (isLedgerError(e)) return e.code;
    throw e;
  }
}

describe.each(factories)("StatementLedger on %s", (_, openStore) => {
  const open = async () =>
    StatementLedger.open({
      store: await openStore(),
      origin: "test/log",
      signer: logSigner,
      verifier: nodeVerifier,
    });

  it("accepts a genesis and a device chain, and answers a duplicate with the existing index", async () => {
    const l = await open();
    const a = avatar();
    expect(await l.append(a.genesis)).toEqual({ index: 0, duplicate: false });
    const s1 = a.state(20);
    const s2 = a.state(21);
    const [r1, r2] = await Promise.all([l.append(s1), l.append(s2)]);
    expect([r1?.index, r2?.index]).toEqual([1, 2]);
    expect(await l.append(s1)).toEqual({ index: 1, duplicate: true });
    expect(await l.append(a.genesis)).toEqual({ index: 0, duplicate: true });
    const [again, fresh] = await Promise.all([l.append(a.state(22)), l.append(s2)]);
    expect(again).toEqual({ index: 3, duplicate: false });
    expect(fresh).toEqual({ index: 2, duplicate: true });
    await l.close();
    await l.log.store.close();
  });

  it("writes each projection row once per group commit, with its last value, as a replay of the log would", async () => {
    const store = await openStore();
    const batches: AppendBatch[] = [];
    const append = store.append.bind(store);
    store.append = (batch) => {
      batches.push(batch);
      return append(batch);
    };
    const l = await StatementLedger.open({
      store,
      origin: "test/log",
      signer: logSigner,
      verifier: nodeVerifier,
    });
    const a = avatar();
    const b = avatar();
    await l.append(a.genesis);
    await l.append(b.genesis);
    batches.length = 0;
    // One group commit: 20 statements of each of two devices, interleaved.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => [l.append(a.state(i)), l.append(b.state(100 + i))]).flat(),
    );
    const rows = batches.flatMap((x) => x.projections);
    expect(batches.length).toBe(1);
    const keyOf = (r: (typeof rows)[number]) => `${Buffer.from(r.object).toString("hex")}/${r.kind}/${r.key}`;
    expect(new Set(rows.map(keyOf)).size).toBe(rows.length); // no row twice
    const heads = rows.filter((r) => r.kind === "head").map((r) => JSON.parse(r.value as string).seq);
    expect(heads).toEqual([20, 20]);
    const states = rows.filter((r) => r.kind === "state").map((r) => JSON.parse(r.value as string).readings);
    expect(states).toEqual([{ temperature: { v: 19, u: "Cel" } }, { temperature: { v: 119, u: "Cel" } }]);
    const live = await projectionDigest(store);
    expect(await rebuildProjections(store, { verifier: nodeVerifier, hasher: nodeHasher })).toMatchObject({
      entries: 42,
    });
    expect(await projectionDigest(store)).toEqual(live);
    await l.close();
    await store.close();
  });

  it("tells onAppended listeners of each new entry once, after commit, and never of duplicates or refusals", async () => {
    const l = await open();
    const a = avatar();
    const seen: { index: number; kind: string; committed: number }[] = [];
    const off = l.onAppended((e) =>
      seen.push({ index: e.index, kind: e.statement.t, committed: l.log.committedSize }),
    );
    l.onAppended(() => {
      throw new Error("a failing listener does not fail the append");
    });
    await l.append(a.genesis);
    const s1 = a.state(20);
    await l.append(s1);
    await l.append(s1); // duplicate
    const s2 = a.state(21);
    expect(await codeOf(l.append(a.state(22)))).toBe("SEQ_GAP");
    off();
    expect(await l.append(s2)).toEqual({ index: 2, duplicate: false });
    expect(seen.map(({ index, kind }) => ({ index, kind }))).toEqual([
      { index: 0, kind: "genesis" },
      { index: 1, kind: "state" },
    ]);
    for (const e of seen) expect(e.committed).toBeGreaterThan(e.index);
    await l.close();
    await l.log.store.close();
  });

  it("a { verified } statement (the ingest's path) meets the same chain rules and is idempotent with bytes", async () => {
    const l = await open();
    const a = avatar();
    await l.append(a.genesis);
    const s1 = a.state(20);
    expect(await l.append({ verified: parseStatement(s1) })).toEqual({ index: 1, duplicate: false });
    expect(await l.append(s1)).toEqual({ index: 1, duplicate: true });
    a.state(21); // seq 2, never sent
    expect(await codeOf(l.append({ verified: parseStatement(a.state(22)) }))).toBe("SEQ_GAP");
    await l.close();
    await l.log.store.close();
  });

  it("refuses a gap, a fork, a replay, an unbound key and an unknown object, each with its own code", async () => {
    const l = await open();
    const a = avatar();
    await l.append(a.genesis);
    await l.append(a.state(20));
    const s2 = a.state(21);
    a.state(22); // seq 3 is skipped
    expect(await codeOf(l.append(a.state(23)))).toBe("SEQ_GAP");
    await l.append(s2);
    const b = avatar(); // another chain history signed by a's device: seq 3 with the wrong prev
    await l.append(b.genesis);
    const forged = a.by(a.device, {
      v: 1,
      t: "state",
      ts: T0,
      obj: a.obj,
      seq: 3,
      prev: new Uint8Array(32).fill(1),
      readings: {},
    });
    expect(await codeOf(l.append(forged))).toBe("CHAIN_FORK");
    const replay = a.by(a.device, {
      v: 1,
      t: "state",
      ts: T0 + 99,
      obj: a.obj,
      seq: 2,
      prev: sha256(s2),
      readings: {},
    });
    expect(await codeOf(l.append(replay))).toBe("REPLAY");
    const stranger = nodeSigner(generatePrivateKey());
    const unbound = a.by(stranger, {
      v: 1,
      t: "state",
      ts: T0,
      obj: a.obj,
      seq: 3,
      prev: sha256(s2),
      readings: {},
    });
    expect(await codeOf(l.append(unbound))).toBe("KEY_NOT_BOUND");
    const alien = a.by(a.device, {
      v: 1,
      t: "state",
      ts: T0,
      obj: new Uint8Array(16),
      seq: 1,
      prev: new Uint8Array(32),
      readings: {},
    });
    expect(await codeOf(l.append(alien))).toBe("UNKNOWN_OBJECT");
    const notOwner = await a.chain(l, stranger, {
      v: 1,
      t: "transfer",
      ts: T0,
      obj: a.obj,
      to: didKeyFromPublicKey(stranger.publicKey),
    });
    expect(await codeOf(l.append(notOwner))).toBe("NOT_OWNER");
    const tampered = a.state(24);
    tampered[tampered.length - 1]! ^= 1;
    expect(await codeOf(l.append(tampered))).toBe("BAD_SIGNATURE");
    expect(await codeOf(l.append(new Uint8Array([1, 2, 3])))).toBe("INVALID_STATEMENT");
    expect(l.log.size).toBe(4);
    await l.close();
    await l.log.store.close();
  });

  it("binds and revokes device keys by owner statements, and transfers ownership", async () => {
    const l = await open();
    const a = avatar();
    await l.append(a.genesis);
    const newDevice = nodeSigner(generatePrivateKey());
    await l.append(
      await a.chain(l, a.owner, {
        v: 1,
        t: "key",
        ts: T0,
        obj: a.obj,
        action: "add",
        key: newDevice.publicKey,
        role: "device",
      }),
    );
    await l.append(
      await a.chain(l, a.owner, {
        v: 1,
        t: "key",
        ts: T0,
        obj: a.obj,
        action: "revoke",
        key: a.device.publicKey,
        role: "device",
      }),
    );
    const revoked = a.by(a.device, {
      v: 1,
      t: "state",
      ts: T0,
      obj: a.obj,
      seq: 1,
      prev: new Uint8Array(32),
      readings: {},
    });
    expect(await codeOf(l.append(revoked))).toBe("KEY_NOT_BOUND");
    await l.append(a.state(20, { signer: newDevice }));
    const buyer = nodeSigner(generatePrivateKey());
    await l.append(
      await a.chain(l, a.owner, {
        v: 1,
        t: "transfer",
        ts: T0,
        obj: a.obj,
        to: didKeyFromPublicKey(buyer.publicKey),
      }),
    );
    expect(
      await codeOf(
        l.append(
          await a.chain(l, a.owner, {
            v: 1,
            t: "transfer",
            ts: T0 + 1,
            obj: a.obj,
            to: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
          }),
        ),
      ),
    ).toBe("NOT_OWNER");
    const rows = await l.log.store.projections(a.obj);
    const owner = JSON.parse(rows.find((r) => r.kind === "object")?.value ?? "{}").owner;
    expect(owner).toBe(didKeyFromPublicKey(buyer.publicKey));
    await l.close();
    await l.log.store.close();
  });

  it("rebuilds projections from the log with an identical digest, also after the collector pruned old telemetry", async () => {
    const l = await open();
    const a = avatar();
    const issuer = nodeSigner(generatePrivateKey());
    await l.append(a.genesis);
    for (let i = 0; i < 6; i++) await l.append(a.state(20 + i, { ts: T0 + i * 1000 }));
    await l.append(
      await a.chain(l, a.owner, {
        v: 1,
        t: "key",
        ts: T0,
        obj: a.obj,
        action: "add",
        key: issuer.publicKey,
        role: "issuer",
      }),
    );
    await l.append(
      await a.chain(l, issuer, {
        v: 1,
        t: "warranty",
        ts: T0,
        obj: a.obj,
        action: "issue",
        warranty: "w1",
        until: T0 + 1e9,
      }),
    );
    await l.append(
      await a.chain(l, a.owner, { v: 1, t: "warranty", ts: T0, obj: a.obj, action: "claim", warranty: "w1" }),
    );
    await l.append(
      a.by(a.owner, {
        v: 1,
        t: "tariff",
        ts: T0,
        obj: a.obj,
        unit: "min",
        price: 10n ** 15n,
        payout: new Uint8Array(20).fill(7),
        from: T0,
      }),
    );
    const b = avatar();
    await l.append(b.genesis);
    await l.append(
      await a.chain(l, a.owner, {
        v: 1,
        t: "relation",
        ts: T0,
        obj: a.obj,
        rel: "located-in",
        target: b.obj,
        action: "add",
      }),
    );
    const live = await projectionDigest(l.log.store);
    const runs = await collectGarbage(l, {
      policy: { name: "telemetry-1s", rules: [{ kind: "state", maxAgeMs: 1000 }] },
      now: T0 + 5000,
    });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ entries: 4, kinds: ["state"], before: T0 + 4000 });
    expect((await l.log.store.entry(1))?.bytes).toBeNull();
    expect((await l.log.store.entry(6))?.bytes).not.toBeNull(); // newest state is kept
    const prune = await l.log.store.entry(runs[0]?.pruneIndex as number);
    expect(prune?.kind).toBe("prune");
    const cp = await l.log.checkpoint();
    const proof = await l.log.inclusionProof(1, cp?.size);
    expect(verifyInclusion({ ...proof, root: cp?.root as Uint8Array })).toBe(true);
    expect(await projectionDigest(l.log.store)).toEqual(live);
    await l.log.store.replaceProjections([]);
    expect((await projectionDigest(l.log.store)).rows).toBe(0);
    expect(
      await rebuildProjections(l.log.store, {
        verifier: nodeVerifier,
        hasher: nodeHasher,
        logKey: logSigner.publicKey,
      }),
    ).toMatchObject({ entries: l.log.size });
    expect(await projectionDigest(l.log.store)).toEqual(live);
    const rows = await l.log.store.projections(a.obj);
    expect(rows.map((r) => r.kind).sort()).toEqual([
      "authority",
      "head",
      "key",
      "key",
      "object",
      "relation",
      "seen",
      "seen",
      "seen",
      "seen",
      "seen",
      "state",
      "tariff",
      "warranty",
    ]);
    expect(JSON.parse(rows.find((r) => r.kind === "state")?.value ?? "").readings.temperature.v).toBe(25);
    expect(JSON.parse(rows.find((r) => r.kind === "warranty")?.value ?? "").status).toBe("claimed");
    await l.close();
    await l.log.store.close();
  });
});
