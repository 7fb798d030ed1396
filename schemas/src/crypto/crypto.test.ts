import { describe, expect, it } from "vitest";
import { rfc8032Ed25519, wycheproofEd25519 } from "../test-support/index.js";
import { nobleSigner, nobleVerifier } from "./noble.js";
import { nodeSigner, nodeVerifier } from "./nodeCrypto.js";

const cases = wycheproofEd25519();
const rfc8032 = rfc8032Ed25519();

describe.each([
  { verifier: nodeVerifier, signer: nodeSigner },
  { verifier: nobleVerifier, signer: nobleSigner },
])("$verifier.name", ({ verifier, signer }) => {
  it("has all 151 Wycheproof cases to run", () => {
    expect(cases).toHaveLength(151);
  });

  it.each(cases)("Wycheproof tc $tcId ($comment) is $result", (t) => {
    expect(verifier.verify(t.signature, t.message, t.publicKey)).toBe(t.result === "valid");
  });

  it.each(rfc8032)("RFC 8032 §7.1 $name: signs byte for byte and verifies", (t) => {
    const s = signer(t.secretKey);
    expect(s.publicKey).toEqual(t.publicKey);
    const sig = s.sign(t.message);
    expect(sig).toEqual(t.signature);
    expect(verifier.verify(sig, t.message, s.publicKey)).toBe(true);
    const flipped = Uint8Array.from(sig);
    flipped[5]! ^= 1;
    expect(verifier.verify(flipped, t.message, s.publicKey)).toBe(false);
  });

  it("returns false, never throws, for keys and signatures of the wrong length", () => {
    expect(verifier.verify(new Uint8Array(63), new Uint8Array(0), new Uint8Array(32))).toBe(false);
    expect(verifier.verify(new Uint8Array(64), new Uint8Array(0), new Uint8Array(31))).toBe(false);
  });
});
