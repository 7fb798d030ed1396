import {
  type CborValue,
  decodeSign1,
  decodeStrict,
  encode,
  generatePrivateKey,
  type ParsedStatement,
  parseStatement,
  signStatement,
  Tagged,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { describe, expect, it } from "vitest";
import { contentKey } from "./contentKey.js";
import { sha256Hex } from "./sha256Hex.js";

const owner = nodeSigner(generatePrivateKey());
const bytes = signStatement(
  { v: 1, t: "event", ts: 1_790_000_000_000, obj: new Uint8Array(16).fill(1), event: "note", text: "hi" },
  owner,
);

describe("contentKey (the idempotence key of owner and issuer statements)", () => {
  it("is the same for every wire encoding of one signed content, and not the bytes' hash", () => {
    const p = parseStatement(bytes);
    const parts = (decodeStrict(bytes, { tags: [18] }) as Tagged).value as CborValue[];
    parts[1] = new Map<CborValue, CborValue>([[99, "x"]]);
    const other = encode(new Tagged(18, parts));
    // parseStatement refuses `other`; the key is computed from its envelope all the same.
    const twin: ParsedStatement = { ...p, bytes: other, sign1: decodeSign1(other) };
    expect(contentKey(twin)).toBe(contentKey(p));
    expect(contentKey(p)).not.toBe(sha256Hex(bytes));
  });

  it("differs when the payload differs", () => {
    const again = signStatement(
      { v: 1, t: "event", ts: 1_790_000_000_001, obj: new Uint8Array(16).fill(1), event: "note", text: "hi" },
      owner,
    );
    expect(contentKey(parseStatement(again))).not.toBe(contentKey(parseStatement(bytes)));
  });
});
