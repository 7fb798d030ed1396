import { sigStructure } from "@tet/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toBeSigned, toBeSignedLength, writeToBeSigned } from "./toBeSigned.js";

describe("toBeSigned", () => {
  it("equals the generic encoder's Sig_structure for every length class (property)", () => {
    const lengths = fc.oneof(
      fc.integer({ min: 0, max: 30 }),
      fc.integer({ min: 250, max: 300 }),
      fc.integer({ min: 65_530, max: 65_540 }),
    );
    fc.assert(
      fc.property(lengths, lengths, (a, b) => {
        const p = new Uint8Array(a).fill(1);
        const q = new Uint8Array(b).fill(2);
        const want = sigStructure(p, q);
        expect(Buffer.compare(toBeSigned(p, q), want)).toBe(0);
        // Written in place between other bytes, as the verification pool lays out a batch.
        const n = toBeSignedLength(a, b);
        expect(n).toBe(want.length);
        const out = new Uint8Array(n + 6).fill(0xee);
        expect(writeToBeSigned(out, 3, p, q)).toBe(3 + n);
        expect(Buffer.compare(out.subarray(3, 3 + n), want)).toBe(0);
        expect([...out.subarray(0, 3), ...out.subarray(3 + n)]).toEqual([0xee, 0xee, 0xee, 0xee, 0xee, 0xee]);
      }),
      { numRuns: 40 },
    );
  });
});
