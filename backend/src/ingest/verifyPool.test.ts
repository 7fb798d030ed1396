import { rfc8032Ed25519, wycheproofEd25519 } from "@tet/schemas/test-support";
import { afterAll, describe, expect, it } from "vitest";
import { defaultVerifyEngine, type VerifyEngine, VerifyPool } from "./verifyPool.js";

const cases = wycheproofEd25519();
const rfc8032 = rfc8032Ed25519();

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
    const got = await Promise.all(cases.map((t) => pool.verify(t.signature, t.message, t.publicKey)));
    const wrong = cases.filter((t, i) => got[i] !== (t.result === "valid")).map((t) => t.tcId);
    expect(wrong).toEqual([]);
  });

  it("verifies RFC 8032 signatures and refuses them with one bit changed", async () => {
    for (const t of rfc8032) {
      const sig = Uint8Array.from(t.signature);
      expect(await pool.verify(sig, t.message, t.publicKey)).toBe(true);
      sig[5] = (sig[5] as number) ^ 1;
      expect(await pool.verify(sig, t.message, t.publicKey)).toBe(false);
    }
  });

  it("answers false, not an exception, for wrong lengths", async () => {
    expect(await pool.verify(new Uint8Array(63), new Uint8Array(1), new Uint8Array(32))).toBe(false);
    expect(await pool.verify(new Uint8Array(64), new Uint8Array(1), new Uint8Array(31))).toBe(false);
  });
});
