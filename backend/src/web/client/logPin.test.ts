// The badge's log pin (issue 23 item 7) over real RFC 9162 trees: a rewritten history of the same
// size or larger, and a log behind (or off) the checkpoint anchored on chain, are refused.
import { generatePrivateKey, MemoryTree, publicKeyOf } from "@tet/schemas";
import { describe, expect, it } from "vitest";
import { checkPinnedLog, logKeyFingerprint, PIN_KEY, type PinnedLog } from "./logPin.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const tree = (entries: string[]) => {
  const t = new MemoryTree();
  for (const e of entries) t.append(new TextEncoder().encode(e));
  return t;
};
const honest = tree(["a", "b", "c", "d", "e", "f", "g"]);
const forked = tree(["a", "b", "c", "X", "e", "f", "g"]); // entry 3 rewritten
const did = "did:key:z6MkLog";
const seen = (t: MemoryTree, size: number): PinnedLog => ({
  origin: "o/log",
  did,
  size,
  root: hex(t.root(size)),
});

/** A browser that has seen `pin`, shown checkpoint `size` of `t` (with `t`'s proofs), and maybe an anchor. */
async function show(
  pin: PinnedLog | undefined,
  t: MemoryTree,
  size: number,
  anchor?: { size: number; root: string },
) {
  const store = new Map<string, string>(pin ? [[PIN_KEY, JSON.stringify(pin)]] : []);
  const storage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
  };
  const refused = await checkPinnedLog({
    storage,
    served: seen(t, size),
    consistency: async (from, to) => t.consistencyProof(from, to),
    anchor,
  });
  return { code: refused?.code ?? "ok", pin: JSON.parse(store.get(PIN_KEY) ?? "null") as PinnedLog | null };
}

describe("checkPinnedLog", () => {
  it("pins on first use and moves the pin forward along consistent checkpoints", async () => {
    expect(await show(undefined, honest, 4)).toEqual({ code: "ok", pin: seen(honest, 4) });
    expect(await show(seen(honest, 4), honest, 7)).toEqual({ code: "ok", pin: seen(honest, 7) });
    expect(await show(seen(honest, 7), honest, 7)).toEqual({ code: "ok", pin: seen(honest, 7) });
  });

  it("refuses an older checkpoint, a rewritten history, and another key, and keeps the pin", async () => {
    expect(await show(seen(honest, 7), honest, 5)).toEqual({ code: "LOG_ROLLED_BACK", pin: seen(honest, 7) });
    expect((await show(seen(honest, 5), forked, 7)).code).toBe("LOG_FORKED");
    expect((await show(seen(honest, 7), forked, 7)).code).toBe("LOG_FORKED"); // same size, other root
    expect((await show({ ...seen(honest, 4), did: "did:key:z6MkOld" }, honest, 7)).code).toBe(
      "LOG_KEY_CHANGED",
    );
  });

  it("refuses a log behind its anchor on chain, or not extending the anchored root, even on a first visit", async () => {
    const anchored = { size: 6, root: `0x${hex(honest.root(6))}` };
    expect((await show(undefined, honest, 5, anchored)).code).toBe("LOG_BEHIND_ANCHOR");
    expect((await show(undefined, forked, 7, anchored)).code).toBe("LOG_ANCHOR_MISMATCH");
    expect((await show(undefined, honest, 7, anchored)).code).toBe("ok");
  });

  it("prints a key's fingerprint as four groups of four hex digits", () => {
    expect(logKeyFingerprint(publicKeyOf(generatePrivateKey()))).toMatch(/^([0-9a-f]{4} ){3}[0-9a-f]{4}$/);
  });
});
