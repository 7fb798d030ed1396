import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { defaultVerifyEngine, type VerifyEngine, VerifyPool } from "./verifyPool.js";

const vectors = new URL("../../../../shared/vectors/", import.meta.url);
const hex = (h: string) => Uint8Array.from(Buffer.from(h, "hex"));

interface WycheproofTest {
  tcId: number;
  comment: string;
  msg: string;
  sig: string;
  result: "valid" | "invalid";
}
const wycheproof = JSON.parse(readFileSync(new URL("wycheproof/ed25519_test.json", vectors), "utf8")) as {
  testGroups: { publicKey: { pk: string }; tests: WycheproofTest[] }[];
};
const cases = wycheproof.testGroups.flatMap((g) => g.tests.map((t) => ({ ...t, pk: g.publicKey.pk })));
const rfc8032 = JSON.parse(readFileSync(new URL("ed25519/rfc8032.json", vectors), "utf8")) as {
  tests: { publicKey: string; message: string; signature: string }[];
};

it("uses sodium-native by default on this platform (the measured choice)", () => {
  expect(defaultVerifyEngine).toBe("sodium-native");
});

describe.each<{ engine: VerifyEngine; threads: number }>([
  { engine: "sodium-native", threads: 0 },
  { engine: "sodium-native", threads: 2 },
  { engine: "node:crypto", threads: 0 },
  { engine: "node:crypto", threads: 1 },
])("VerifyPool $engine, $threads threads", ({ engine, threads }) => {
  const pool = new VerifyPool({ engine, threads, batchSize: 16 });
  afterAll(() => pool.close());

  it("reports the engine it was given", () => {
    expect(pool.engine).toBe(engine);
  });

  it("agrees with every one of the 151 Wycheproof verdicts (all invalid cases refused)", async () => {
    expect(cases).toHaveLength(151);
    const got = await Promise.all(cases.map((t) => pool.verify(hex(t.sig), hex(t.msg), hex(t.pk))));
    const wrong = cases.filter((t, i) => got[i] !== (t.result === "valid")).map((t) => t.tcId);
    expect(wrong).toEqual([]);
  });

  it("verifies RFC 8032 signatures and refuses them with one bit changed", async () => {
    for (const t of rfc8032.tests) {
      const sig = hex(t.signature);
      expect(await pool.verify(sig, hex(t.message), hex(t.publicKey))).toBe(true);
      sig[5] = (sig[5] as number) ^ 1;
      expect(await pool.verify(sig, hex(t.message), hex(t.publicKey))).toBe(false);
    }
  });

  it("answers false, not an exception, for wrong lengths", async () => {
    expect(await pool.verify(new Uint8Array(63), new Uint8Array(1), new Uint8Array(32))).toBe(false);
    expect(await pool.verify(new Uint8Array(64), new Uint8Array(1), new Uint8Array(31))).toBe(false);
  });
});
