import { sigStructure } from "@tet/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toBeSigned } from "./toBeSigned.js";

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
        expect(Buffer.compare(toBeSigned(p, q), sigStructure(p, q))).toBe(0);
      }),
      { numRuns: 40 },
    );
  });
});
