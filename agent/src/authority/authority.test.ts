import { nobleVerifier } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { describe, expect, it } from "vitest";
import { isAgentError } from "../errors.js";
import { makeAvatar, tempDir } from "../test-support/index.js";
import { Authority } from "./authority.js";
import { loadAuthorityChain, saveAuthorityChain } from "./authorityStore.js";
import { enrolmentHint } from "./enrolmentHint.js";

const other = nodeSigner(new Uint8Array(32).fill(9));
const invalid = (fn: () => unknown, why: string) => {
  try {
    fn();
    expect.unreachable();
  } catch (e) {
    expect(isAgentError(e, "AUTHORITY_INVALID")).toBe(true);
    expect((e as Error).message).toContain(why);
  }
};

describe("Authority", () => {
  it("learns the owner and device keys from a genesis that hashes to the object id", () => {
    const a = makeAvatar();
    const auth = new Authority(a.obj, nobleVerifier);
    expect(auth.accept(a.genesis)).toBe(true);
    expect(auth.accept(a.genesis)).toBe(false); // the backend resends the chain on every subscription
    expect(auth.isDevice(a.device.publicKey)).toBe(true);
    expect(auth.mayCommand(a.owner.publicKey)).toBe(true);
    expect(auth.mayCommand(a.device.publicKey)).toBe(false);
  });

  it("refuses a genesis of another object, and anything before the genesis", () => {
    const a = makeAvatar();
    const b = makeAvatar();
    invalid(() => new Authority(a.obj, nobleVerifier).accept(b.genesis), "does not hash to object");
    invalid(
      () => new Authority(a.obj, nobleVerifier).accept(a.key("add", other.publicKey)),
      "before the genesis",
    );
  });

  it("follows keys and transfers, each checked against the owner of its moment", () => {
    const a = makeAvatar({ deviceKeys: [] });
    const auth = new Authority(a.obj, nobleVerifier);
    auth.accept(a.genesis);
    expect(auth.isDevice(a.device.publicKey)).toBe(false);
    auth.accept(a.key("add", a.device.publicKey));
    expect(auth.isDevice(a.device.publicKey)).toBe(true);
    auth.accept(a.key("add", other.publicKey, "delegate"));
    expect(auth.mayCommand(other.publicKey)).toBe(true);
    auth.accept(a.transfer(other));
    invalid(() => auth.accept(a.key("revoke", a.device.publicKey)), "not signed by the owner of its moment");
    auth.accept(a.key("revoke", a.device.publicKey, "device", other));
    expect(auth.isDevice(a.device.publicKey)).toBe(false);
    expect(auth.mayCommand(a.owner.publicKey)).toBe(false);
    expect(auth.chain).toHaveLength(5);
  });

  it("follows the prev chain and refuses a replayed one: a revoked key's add again, or a version 1 after it (issue 23)", () => {
    const a = makeAvatar();
    const auth = new Authority(a.obj, nobleVerifier);
    auth.accept(a.genesis);
    const add = a.chained({ t: "key", action: "add", key: other.publicKey, role: "device" }, a.genesis);
    auth.accept(add);
    const revoke = a.chained({ t: "key", action: "revoke", key: other.publicKey, role: "device" }, add);
    auth.accept(revoke);
    expect(auth.isDevice(other.publicKey)).toBe(false);
    // The same add re-signed later by the owner naming the old head, and the legacy (version 1) form.
    const stale = a.chained({ t: "key", action: "add", key: other.publicKey, role: "device", ts: 1 }, add);
    invalid(() => auth.accept(stale), "does not name the previous authority statement");
    invalid(
      () => auth.accept(a.key("add", other.publicKey)),
      "does not name the previous authority statement",
    );
    const rel = { t: "relation", rel: "located-in", target: new Uint8Array(16).fill(3), action: "add" };
    auth.accept(a.chained(rel, revoke)); // relations link the chain too
    expect(auth.isDevice(other.publicKey)).toBe(false);
    expect(auth.chain).toHaveLength(4);
  });

  it("refuses statements that are not part of an authority chain, or badly signed", () => {
    const a = makeAvatar();
    const auth = new Authority(a.obj, nobleVerifier);
    auth.accept(a.genesis);
    invalid(() => auth.accept(a.command("ping")), "not part of an authority chain");
    const forged = a.key("add", other.publicKey);
    forged[forged.length - 1]! ^= 1;
    expect(() => auth.accept(forged)).toThrow(/signature/);
  });

  it("persists the chain atomically and reloads it", () => {
    const tmp = tempDir();
    try {
      const a = makeAvatar();
      expect(loadAuthorityChain(tmp.dir)).toEqual([]);
      saveAuthorityChain(tmp.dir, [a.genesis, a.key("add", other.publicKey)]);
      const chain = loadAuthorityChain(tmp.dir);
      const auth = new Authority(a.obj, nobleVerifier);
      for (const b of chain) auth.accept(b);
      expect(auth.isDevice(other.publicKey)).toBe(true);
    } finally {
      tmp.cleanup();
    }
  });

  it("the enrolment hint names the object, the did:key and the tet command", () => {
    const a = makeAvatar();
    const hint = enrolmentHint(a.objectId, a.device.publicKey, "not in the chain");
    expect(hint).toContain(a.objectId);
    expect(hint).toContain("did:key:z6Mk");
    expect(hint).toContain("tet sign --key owner.pem");
    expect(hint).toContain(Buffer.from(a.device.publicKey).toString("hex"));
  });
});
