import { leafHash, nobleVerifier, openCheckpoint, verifyConsistency, verifyInclusion } from "@tet/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StoredCheckpoint } from "./ledgerStore.js";
import { MerkleLog } from "./merkleLog.js";
import { entryFor, harnesses, logKey, origin, signer } from "./stores.fixture.js";

describe.each(harnesses())("%s", (_, open) => {
  it("after random appends every inclusion proof verifies against every later checkpoint, and checkpoints are mutually consistent", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 16 }),
        async (bursts, batchSize) => {
          const { store } = await open();
          const ledger = await MerkleLog.open({
            store,
            origin,
            signer,
            batchSize,
            checkpointEvery: 1_000_000,
          });
          let n = 0;
          for (const burst of bursts) {
            await Promise.all(Array.from({ length: burst }, () => ledger.append(entryFor(n++))));
            await ledger.checkpoint();
          }
          const cps = await store.checkpoints();
          expect(cps.map((c) => c.size)).toEqual(
            bursts.map((_, i) => bursts.slice(0, i + 1).reduce((a, b) => a + b)),
          );
          for (const cp of cps) {
            expect(openCheckpoint(cp.note, { key: logKey, verifier: nobleVerifier })).toEqual({
              origin,
              size: cp.size,
              root: cp.root,
            });
            expect(await ledger.root(cp.size)).toEqual(cp.root);
            for (let index = 0; index < cp.size; index++) {
              const p = await ledger.inclusionProof(index, cp.size);
              expect(p.leafHash).toEqual(leafHash(entryFor(index).bytes));
              expect(verifyInclusion({ ...p, root: cp.root })).toBe(true);
            }
          }
          for (const a of cps) {
            for (const b of cps.filter((c) => c.size >= a.size)) {
              const proof = await ledger.consistencyProof(a.size, b.size);
              expect(
                verifyConsistency({ size1: a.size, size2: b.size, root1: a.root, root2: b.root, proof }),
              ).toBe(true);
            }
          }
          await ledger.close();
          await store.close();
        },
      ),
      { numRuns: 6 },
    );
  });

  it("reopens where it left off: same roots, and the next checkpoint extends the earlier ones", async () => {
    const { store } = await open();
    let ledger = await MerkleLog.open({ store, origin, signer });
    for (let i = 0; i < 13; i++) void ledger.append(entryFor(i));
    const first = await ledger.checkpoint();
    await ledger.close();
    ledger = await MerkleLog.open({ store, origin, signer });
    expect(ledger.size).toBe(13);
    for (let i = 13; i < 21; i++) void ledger.append(entryFor(i));
    const second = await ledger.checkpoint();
    const proof = await ledger.consistencyProof(13, 21);
    const claim = {
      size1: 13,
      size2: 21,
      root1: first?.root as Uint8Array,
      root2: second?.root as Uint8Array,
      proof,
    };
    expect(verifyConsistency(claim)).toBe(true);
    await ledger.close();
    await store.close();
  });

  it("issues a checkpoint T ms after entries arrive when fewer than N came", async () => {
    const { store } = await open();
    let announced: (cp: StoredCheckpoint) => void = () => {};
    const next = new Promise<StoredCheckpoint>((resolve) => {
      announced = resolve;
    });
    const ledger = await MerkleLog.open({
      store,
      origin,
      signer,
      checkpointEvery: 1_000_000,
      checkpointMs: 20,
      onCheckpoint: (cp) => announced(cp),
    });
    await Promise.all([0, 1, 2].map((i) => ledger.append(entryFor(i))));
    const cp = await next;
    expect(cp.size).toBe(3);
    expect(await store.checkpoints()).toEqual([cp]);
    await ledger.close();
    await store.close();
  });

  it("issues a checkpoint every N entries", async () => {
    const { store } = await open();
    const ledger = await MerkleLog.open({ store, origin, signer, batchSize: 5, checkpointEvery: 10 });
    await Promise.all(Array.from({ length: 25 }, (_, i) => ledger.append(entryFor(i))));
    expect((await store.checkpoints()).map((c) => c.size)).toEqual([10, 20]);
    await ledger.close();
    await store.close();
  });
});
