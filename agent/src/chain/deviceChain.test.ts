import { type DeviceStatement, parseStatement, signStatement } from "@tet/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deviceSigner, OBJECT_ID } from "../test-support/index.js";
import { chainNext, type DeviceDraft, encodeDraft, GENESIS_HEAD } from "./index.js";
import { placeInChain } from "./placeInChain.js";

const signer = deviceSigner();
const name = fc.stringMatching(/^[a-z][a-z0-9_.]{0,15}$/);
const value = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).filter((v) => !Object.is(v, -0)),
  fc.integer(),
  fc.string({ maxLength: 40 }),
  fc.boolean(),
);
const reading = fc.record(
  { v: value, u: fc.constantFrom("Cel", "%RH", "kWh", "W") },
  { requiredKeys: ["v"] },
);
const draft: fc.Arbitrary<DeviceDraft> = fc.oneof(
  fc.record({
    v: fc.constant(1 as const),
    t: fc.constant("state" as const),
    ts: fc.integer({ min: 0, max: 253_402_300_800_000 }),
    obj: fc.constant(OBJECT_ID),
    readings: fc.dictionary(name, reading, { minKeys: 1, maxKeys: 8 }),
  }),
  fc.record({
    v: fc.constant(1 as const),
    t: fc.constant("usage" as const),
    ts: fc.integer({ min: 0, max: 253_402_300_800_000 }),
    obj: fc.constant(OBJECT_ID),
    session: fc.string({ minLength: 1, maxLength: 20 }),
    phase: fc.constantFrom("start" as const, "progress" as const, "stop" as const),
    unit: fc.constantFrom("min" as const, "kWh" as const),
    quantity: fc.double({ noNaN: true, min: 0, max: 1e6 }).filter((v) => !Object.is(v, -0)),
  }),
);
const head = fc.record({
  seq: fc.integer({ min: 0, max: 2 ** 40 }),
  hash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
});

describe("device chain", () => {
  it("signs the draft encoded once into the bytes signStatement makes of the whole statement", () => {
    fc.assert(
      fc.property(draft, head, (d, h) => {
        const { bytes, head: next } = chainNext(h, encodeDraft(d), signer);
        const whole = { ...d, seq: h.seq + 1, prev: h.hash } as DeviceStatement;
        expect(bytes).toEqual(signStatement(whole, signer));
        expect(next.seq).toBe(h.seq + 1);
      }),
      { numRuns: 300 },
    );
  });

  it("puts the placeholders back: a signed payload becomes the draft it was signed from", () => {
    fc.assert(
      fc.property(draft, head, (d, h) => {
        const payload = encodeDraft(d);
        const signed = parseStatement(chainNext(h, payload, signer).bytes).sign1.payload;
        expect(placeInChain(signed, 1, GENESIS_HEAD.hash)).toEqual(payload);
      }),
      { numRuns: 100 },
    );
  });

  it("refuses a payload without seq and prev at its top level as OUTBOX_CORRUPT", () => {
    const payload = encodeDraft({ v: 1, t: "state", ts: 1, obj: OBJECT_ID, readings: { seq: { v: 1 } } });
    expect(() => placeInChain(payload.subarray(0, payload.length - 1), 2, GENESIS_HEAD.hash)).toThrow(
      expect.objectContaining({ code: "OUTBOX_CORRUPT" }),
    );
    expect(() => placeInChain(new Uint8Array([0x81, 0x01]), 2, GENESIS_HEAD.hash)).toThrow("not a map");
    expect(() =>
      placeInChain(new Uint8Array([0xa1, 0x63, 0x73, 0x65, 0x71, 0x01]), 2, GENESIS_HEAD.hash),
    ).toThrow("no seq and prev");
  });
});
