import { didKeyFromPublicKey, generatePrivateKey, sha256 } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { describe, expect, it } from "vitest";
import { avatar, codeOf, openLedger, storeFactories, T0 } from "./statementLedger.fixture.js";

describe.each(storeFactories())("StatementLedger on %s", (_, openStore) => {
  const open = async () => openLedger(await openStore());

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
});
