import { generatePrivateKey, verifyInclusion } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { describe, expect, it } from "vitest";
import { collectGarbage } from "./collectGarbage.js";
import { nodeHasher } from "./nodeHasher.js";
import { projectionDigest, rebuildProjections } from "./rebuild.js";
import { avatar, logSigner, openLedger, storeFactories, T0 } from "./statementLedger.fixture.js";

describe.each(storeFactories())("StatementLedger on %s", (_, openStore) => {
  const open = async () => openLedger(await openStore());

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
