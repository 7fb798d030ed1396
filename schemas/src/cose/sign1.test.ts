import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type CborValue, decodeStrict, encode, Tagged } from "../cbor/index.js";
import { isTetError, type TetErrorCode } from "../errors.js";
import { fromHex, hex } from "../hex.js";
import { nobleSigner, nobleVerifier } from "../index.js";
import { nodeVerifier } from "../node.js";
import {
  ALG_EDDSA,
  createSign1,
  decodeSign1,
  HEADER_ALG,
  HEADER_KID,
  sigStructure,
  verifySign1,
} from "./sign1.js";

const example = JSON.parse(
  readFileSync(new URL("../../../../shared/vectors/cose/eddsa-sig-01.json", import.meta.url), "utf8"),
) as {
  input: { plaintext: string; sign0: { key: { x_hex: string; d_hex: string; kid: string } } };
  intermediates: { ToBeSign_hex: string };
  output: { cbor: string };
};
const signer = nobleSigner(fromHex(example.input.sign0.key.d_hex));
const payload = new TextEncoder().encode(example.input.plaintext);

function codeOf(f: () => unknown): TetErrorCode | "none" {
  try {
    f();
    return "none";
  } catch (e) {
    if (isTetError(e)) return e.code;
    throw e;
  }
}

describe("cose-wg eddsa-sig-01 (COSE_Sign1, Ed25519)", () => {
  const protectedHeader = new Map<CborValue, CborValue>([
    [HEADER_ALG, ALG_EDDSA],
    [3, 0],
  ]);
  const unprotectedHeader = new Map<CborValue, CborValue>([[HEADER_KID, new TextEncoder().encode("11")]]);

  it("reproduces the Sig_structure and the message byte for byte", () => {
    expect(hex(sigStructure(encode(protectedHeader), payload)).toUpperCase()).toBe(
      example.intermediates.ToBeSign_hex,
    );
    const bytes = createSign1({ protectedHeader, unprotectedHeader, payload, signer });
    expect(hex(bytes).toUpperCase()).toBe(example.output.cbor);
  });

  it.each([nodeVerifier, nobleVerifier])("verifies the published bytes with $name", (verifier) => {
    const msg = decodeSign1(fromHex(example.output.cbor));
    expect(verifySign1(msg, { verifier, publicKey: fromHex(example.input.sign0.key.x_hex) })).toBe(true);
  });
});

describe("negative cases", () => {
  const good = createSign1({
    protectedHeader: new Map<CborValue, CborValue>([
      [HEADER_ALG, ALG_EDDSA],
      [HEADER_KID, signer.publicKey],
    ]),
    payload,
    signer,
  });
  const parts = () => (decodeStrict(good) as Tagged).value as CborValue[];
  const rebuild = (p: CborValue[], tag = 18) => encode(new Tagged(tag, p));
  const verify = (bytes: Uint8Array) => verifySign1(decodeSign1(bytes), { verifier: nodeVerifier });

  it("accepts the untouched message with the kid as key", () => {
    expect(verify(good)).toBe(true);
  });

  it("refuses a wrong tag and an untagged array", () => {
    expect(codeOf(() => decodeSign1(rebuild(parts(), 98)))).toBe("CBOR_UNSUPPORTED");
    expect(codeOf(() => decodeSign1(encode(parts())))).toBe("COSE_NOT_SIGN1");
  });

  it("does not verify with an altered protected header", () => {
    const p = parts();
    const other = nobleSigner(new Uint8Array(32).fill(7));
    p[0] = encode(
      new Map<CborValue, CborValue>([
        [HEADER_ALG, ALG_EDDSA],
        [HEADER_KID, other.publicKey],
      ]),
    );
    expect(verify(rebuild(p))).toBe(false);
  });

  it("refuses an algorithm other than EdDSA", () => {
    const bytes = createSign1({
      protectedHeader: new Map<CborValue, CborValue>([
        [HEADER_ALG, -7],
        [HEADER_KID, signer.publicKey],
      ]),
      payload,
      signer,
    });
    expect(codeOf(() => verify(bytes))).toBe("COSE_BAD_ALG");
  });

  it("refuses a truncated signature", () => {
    const p = parts();
    p[3] = (p[3] as Uint8Array).slice(0, 63);
    expect(codeOf(() => verify(rebuild(p)))).toBe("COSE_BAD_SIGNATURE_LENGTH");
  });

  it("does not verify a swapped payload", () => {
    const p = parts();
    p[2] = new TextEncoder().encode("This is the content!");
    expect(verify(rebuild(p))).toBe(false);
  });

  it("refuses a detached payload, a missing kid and truncated bytes", () => {
    const p = parts();
    p[2] = null;
    expect(codeOf(() => decodeSign1(rebuild(p)))).toBe("COSE_DETACHED_PAYLOAD");
    const noKid = createSign1({ protectedHeader: new Map([[HEADER_ALG, ALG_EDDSA]]), payload, signer });
    expect(codeOf(() => verify(noKid))).toBe("COSE_MISSING_KID");
    expect(codeOf(() => decodeSign1(good.slice(0, good.length - 1)))).toBe("CBOR_TRUNCATED");
  });
});
