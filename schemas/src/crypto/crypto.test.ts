import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nobleSigner, nobleVerifier } from "./noble.js";
import { nodeSigner, nodeVerifier } from "./nodeCrypto.js";

const vectors = new URL("../../../../shared/vectors/", import.meta.url);
const hex = (h: string) => Uint8Array.from(Buffer.from(h, "hex"));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");

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
  tests: { name: string; secretKey: string; publicKey: string; message: string; signature: string }[];
};

describe.each([
  { verifier: nodeVerifier, signer: nodeSigner },
  { verifier: nobleVerifier, signer: nobleSigner },
])("$verifier.name", ({ verifier, signer }) => {
  it("has all 151 Wycheproof cases to run", () => {
    expect(cases).toHaveLength(151);
  });

  it.each(cases)("Wycheproof tc $tcId ($comment) is $result", (t) => {
    expect(verifier.verify(hex(t.sig), hex(t.msg), hex(t.pk))).toBe(t.result === "valid");
  });

  it.each(rfc8032.tests)("RFC 8032 §7.1 $name: signs byte for byte and verifies", (t) => {
    const s = signer(hex(t.secretKey));
    expect(toHex(s.publicKey)).toBe(t.publicKey);
    const sig = s.sign(hex(t.message));
    expect(toHex(sig)).toBe(t.signature);
    expect(verifier.verify(sig, hex(t.message), s.publicKey)).toBe(true);
    const flipped = Uint8Array.from(sig);
    flipped[5]! ^= 1;
    expect(verifier.verify(flipped, hex(t.message), s.publicKey)).toBe(false);
  });

  it("returns false, never throws, for keys and signatures of the wrong length", () => {
    expect(verifier.verify(new Uint8Array(63), new Uint8Array(0), new Uint8Array(32))).toBe(false);
    expect(verifier.verify(new Uint8Array(64), new Uint8Array(0), new Uint8Array(31))).toBe(false);
  });
});
