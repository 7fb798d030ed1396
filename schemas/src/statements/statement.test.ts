import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CborValue, decodeStrict, encode, Tagged } from "../cbor/index.js";
import { ALG_EDDSA, createSign1, decodeSign1, HEADER_ALG, HEADER_KID, verifySign1 } from "../cose/index.js";
import { isTetError, type TetErrorCode } from "../errors.js";
import { objectIdToText } from "../ids/index.js";
import { nobleSigner, nobleVerifier } from "../index.js";
import { nodeVerifier } from "../node.js";
import { arbitraryStatement } from "../test-support/index.js";
import {
  encodeStatement,
  isDeviceStatement,
  openStatement,
  parseStatement,
  STATEMENT_KINDS,
  type StatementOf,
  signStatement,
  statementFromJson,
  statementToJson,
} from "./statement.js";

const signer = nobleSigner(new Uint8Array(32).fill(42));
const obj = new Uint8Array(16).fill(5);
const state: StatementOf<"state"> = {
  v: 1,
  t: "state",
  ts: 1_790_000_000_000,
  obj,
  seq: 1,
  prev: new Uint8Array(32),
  readings: { temperature: { v: 21.5, u: "Cel" }, occupied: { v: true } },
};

function codeOf(f: () => unknown): TetErrorCode | "none" {
  try {
    f();
    return "none";
  } catch (e) {
    if (isTetError(e)) return e.code;
    throw e;
  }
}

describe("every statement kind", () => {
  it.each(STATEMENT_KINDS)("%s round-trips through sign, strict parse and JSON", (kind) => {
    fc.assert(
      fc.property(arbitraryStatement(kind), (s) => {
        const bytes = signStatement(s, signer);
        const parsed = openStatement(bytes, { verifier: nodeVerifier });
        expect(parsed.statement).toEqual(s);
        expect(parsed.signer).toEqual(signer.publicKey);
        expect(encodeStatement(parsed.statement)).toEqual(parsed.sign1.payload); // canonical
        expect(statementFromJson(JSON.parse(JSON.stringify(statementToJson(s))))).toEqual(s);
      }),
      { numRuns: 60 },
    );
  });
});

describe("statement validation", () => {
  const payloadWith = (patch: Record<string, CborValue | undefined>) =>
    encode({ ...(state as unknown as Record<string, CborValue>), ...patch });
  const sign = (payload: Uint8Array, kid: Uint8Array = signer.publicKey) =>
    createSign1({
      protectedHeader: new Map<CborValue, CborValue>([
        [HEADER_ALG, ALG_EDDSA],
        [HEADER_KID, kid],
      ]),
      payload,
      signer,
    });

  it("accepts a well-formed state statement and knows it is a device statement", () => {
    const parsed = parseStatement(signStatement(state, signer));
    expect(isDeviceStatement(parsed.statement)).toBe(true);
  });

  it.each<[string, Record<string, CborValue | undefined>, TetErrorCode]>([
    ["an unknown field", { extra: 1 }, "STATEMENT_INVALID"],
    ["a field named like an Object property", { constructor: 1 }, "STATEMENT_INVALID"],
    ["a field named __proto__", { ["__proto__"]: 1 }, "STATEMENT_INVALID"],
    [
      "a reading named like an Object property",
      { readings: { constructor: { v: 1, toString: 2 } } },
      "STATEMENT_INVALID",
    ],
    ["a missing field", { seq: undefined }, "STATEMENT_INVALID"],
    ["seq 0", { seq: 0 }, "STATEMENT_INVALID"],
    ["a short prev", { prev: new Uint8Array(31) }, "STATEMENT_INVALID"],
    ["a short object id", { obj: new Uint8Array(15) }, "STATEMENT_INVALID"],
    ["version 2", { v: 2 }, "STATEMENT_BAD_VERSION"],
    ["an unknown kind", { t: "teleport" }, "STATEMENT_UNKNOWN_KIND"],
    ["a bad reading name", { readings: { "9x": { v: 1 } } }, "STATEMENT_INVALID"],
    [
      "a reading named by an integer beyond 2^53 (decoded as a bigint)",
      { readings: new Map<CborValue, CborValue>([[2n ** 60n, new Map([["v", 1]])]]) },
      "STATEMENT_INVALID",
    ],
    ["a float timestamp", { ts: 1.5 }, "STATEMENT_INVALID"],
  ])("refuses %s", (_, patch, code) => {
    expect(codeOf(() => parseStatement(sign(payloadWith(patch))))).toBe(code);
  });

  it("refuses a payload that is not deterministic CBOR", () => {
    const good = encodeStatement(state);
    expect(good[0]).toBe(0xa7); // a map of 7 entries, length in the head
    const bytes = sign(Uint8Array.from([0xb8, 7, ...good.slice(1)])); // the same length in an extra byte
    expect(codeOf(() => parseStatement(bytes))).toBe("CBOR_NON_MINIMAL");
  });

  it("refuses a kid that is not a 32-byte key and a bad signature", () => {
    expect(codeOf(() => parseStatement(sign(encodeStatement(state), new Uint8Array(8))))).toBe(
      "COSE_BAD_HEADER",
    );
    const forged = (decodeStrict(signStatement(state, signer)) as Tagged).value as CborValue[];
    forged[2] = encodeStatement({ ...state, seq: 2 });
    expect(codeOf(() => openStatement(encode(new Tagged(18, forged)), { verifier: nodeVerifier }))).toBe(
      "COSE_BAD_SIGNATURE",
    );
  });

  it("refuses any unprotected header entry (the replay of issue 23), though the signature still verifies", () => {
    const parts = (decodeStrict(signStatement(state, signer)) as Tagged).value as CborValue[];
    parts[1] = new Map<CborValue, CborValue>([[99, "x"]]);
    const replayed = encode(new Tagged(18, parts));
    expect(verifySign1(decodeSign1(replayed), { verifier: nodeVerifier })).toBe(true); // RFC 9052 allows it
    expect(codeOf(() => parseStatement(replayed))).toBe("COSE_BAD_HEADER");
    expect(codeOf(() => openStatement(replayed, { verifier: nodeVerifier }))).toBe("COSE_BAD_HEADER");
  });

  it("refuses a second encoding of the signature (S + L, RFC 8032 §5.1.7 requires S < L)", () => {
    const parts = (decodeStrict(signStatement(state, signer)) as Tagged).value as CborValue[];
    const sig = Uint8Array.from(parts[3] as Uint8Array);
    // L = 2^252 + 27742317777372353535851937790883648493, little-endian.
    const L = Buffer.from("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010", "hex");
    let carry = 0;
    for (let i = 0; i < 32; i++) {
      const sum = sig[32 + i]! + L[i]! + carry;
      sig[32 + i] = sum & 0xff;
      carry = sum >> 8;
    }
    parts[3] = sig;
    const twin = encode(new Tagged(18, parts));
    for (const verifier of [nodeVerifier, nobleVerifier])
      expect(codeOf(() => openStatement(twin, { verifier }))).not.toBe("none");
  });

  it("refuses oversized input before decoding it", () => {
    expect(codeOf(() => parseStatement(new Uint8Array(16 * 1024 + 1)))).toBe("CBOR_TOO_LARGE");
  });

  it("writes object ids as text in JSON", () => {
    expect(statementToJson(state).obj).toBe(objectIdToText(obj));
  });
});

describe("untrusted bytes", () => {
  const good = signStatement(state, signer);

  it("any corruption of a signed statement is refused with a typed error, never accepted", () => {
    fc.assert(
      fc.property(
        // Distinct positions: the same byte flipped twice by the same value would be no corruption.
        fc.uniqueArray(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 4,
          selector: ([at]) => at,
        }),
        (flips) => {
          const bytes = Uint8Array.from(good);
          for (const [at, x] of flips) bytes[at]! ^= x;
          expect(codeOf(() => openStatement(bytes, { verifier: nodeVerifier }))).not.toBe("none");
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("truncations and random byte strings give a typed error", () => {
    for (let n = 0; n < good.length; n++)
      expect(codeOf(() => parseStatement(good.subarray(0, n)))).not.toBe("none");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        expect(codeOf(() => parseStatement(bytes))).not.toBe("none");
      }),
      { numRuns: 2000 },
    );
  });
});
