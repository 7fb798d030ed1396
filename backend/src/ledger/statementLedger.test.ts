import { parseStatement } from "@tet/schemas";
import { nodeVerifier } from "@tet/schemas/node";
import { describe, expect, it } from "vitest";
import type { AppendBatch } from "./ledgerStore.js";
import { nodeHasher } from "./nodeHasher.js";
import { projectionDigest, rebuildProjections } from "./rebuild.js";
import { avatar, codeOf, logSigner, openLedger, storeFactories } from "./statementLedger.fixture.js";
import { StatementLedger } from "./statementLedger.js";

describe.each(storeFactories())("StatementLedger on %s", (_, openStore) => {
  const open = async () => openLedger(await openStore());

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
});
