import { MemoryTree, rfc9162Hasher, verifyInclusion } from "@tet/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProofChecker } from "./proofChecker.js";

const leaf = (i: number) => rfc9162Hasher.leaf(new Uint8Array([i & 255, i >> 8, 7]));

describe("ProofChecker", () => {
  it("agrees with the RFC 9162 reference verifier on increasing indices, with tampered proofs among them", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 3 })), { maxLength: 60 }),
        (size, picks) => {
          const tree = new MemoryTree();
          for (let i = 0; i < size; i++) tree.appendLeafHash(leaf(i));
          const root = tree.root();
          const checker = new ProofChecker({ size, root, hasher: rfc9162Hasher });
          const indices = [...new Set(picks.map(([i]) => i % size))].sort((a, b) => a - b);
          for (const [k, index] of indices.entries()) {
            const [, at, how] = picks[k] as [number, number, number];
            let leafHash = leaf(index);
            const proof = tree.inclusionProof(index, size).map((h) => h.slice());
            const victim = proof[at % Math.max(1, proof.length)];
            if (how === 1 && victim) victim[at % 32] = (victim[at % 32] as number) ^ 1;
            if (how === 2) leafHash = leaf(index + 1);
            if (how === 3 && proof.length > 0) proof.pop();
            const expected = verifyInclusion({ index, size, leafHash, proof, root, hasher: rfc9162Hasher });
            expect(checker.check(index, leafHash, proof) === true).toBe(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("says why a proof fails", () => {
    const tree = new MemoryTree();
    for (let i = 0; i < 5; i++) tree.appendLeafHash(leaf(i));
    const checker = new ProofChecker({ size: 5, root: tree.root(), hasher: rfc9162Hasher });
    expect(checker.check(2, leaf(2), tree.inclusionProof(2))).toBe(true);
    expect(checker.check(3, leaf(2), tree.inclusionProof(3))).toBe("leads to another root");
    expect(checker.check(4, leaf(4), [])).toMatch(/proof is too short$/);
    expect(checker.check(5, leaf(4), [])).toMatch(/index 5 is not below size 5$/);
  });
});
