import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CompactRange } from "./compactRange.js";
import { EMPTY_ROOT, hashesEqual, leafHash, nodeHash } from "./hasher.js";
import { MemoryTree } from "./memoryTree.js";
import { splitPoint } from "./nodeKey.js";
import { verifyConsistency } from "./verifyConsistency.js";
import { verifyInclusion } from "./verifyInclusion.js";

/** MTH straight from the recursive definition of RFC 9162 §2.1.1, as an independent reference. */
function referenceRoot(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leafHash(leaves[0] as Uint8Array);
  const k = splitPoint(leaves.length);
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

const leafData = (i: number): Uint8Array => new TextEncoder().encode(`leaf ${i}`);

function treeOf(n: number): MemoryTree {
  const tree = new MemoryTree();
  for (let i = 0; i < n; i++) tree.append(leafData(i));
  return tree;
}

describe("Merkle log properties", () => {
  it("the root of every prefix matches the RFC 9162 definition", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), (n) => {
        const leaves = Array.from({ length: n }, (_, i) => leafData(i));
        const tree = treeOf(n);
        for (const size of [0, Math.floor(n / 3), n]) {
          expect(hashesEqual(tree.root(size), referenceRoot(leaves.slice(0, size)))).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("every inclusion proof verifies against every later checkpoint, and a flipped bit fails", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 300 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.integer({ min: 1, max: n }), { minLength: 1, maxLength: 6 }),
            ),
          ),
        fc.nat(),
        ([n, checkpoints], pick) => {
          const tree = treeOf(n);
          const sizes = [...new Set(checkpoints)].sort((a, b) => a - b);
          for (const size of sizes) {
            const root = tree.root(size);
            for (let index = 0; index < size; index++) {
              const proof = tree.inclusionProof(index, size);
              const claim = { index, size, leafHash: leafHash(leafData(index)), proof, root };
              expect(verifyInclusion(claim)).toBe(true);
            }
          }
          const size = sizes[sizes.length - 1] as number;
          const index = pick % size;
          const proof = tree.inclusionProof(index, size);
          if (proof.length > 0) {
            const bad = proof.map((h) => h.slice());
            (bad[pick % bad.length] as Uint8Array)[0]! ^= 1;
            const claim = {
              index,
              size,
              leafHash: leafHash(leafData(index)),
              proof: bad,
              root: tree.root(size),
            };
            expect(verifyInclusion(claim)).toBe(false);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("every consistency proof between two checkpoints verifies, and not for other roots", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 300 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.integer({ min: 1, max: n }), { minLength: 2, maxLength: 8 }),
            ),
          ),
        ([n, checkpoints]) => {
          const tree = treeOf(n);
          const sizes = [...new Set(checkpoints)].sort((a, b) => a - b);
          for (const size1 of sizes) {
            for (const size2 of sizes.filter((s) => s >= size1)) {
              const claim = { size1, size2, root1: tree.root(size1), root2: tree.root(size2) };
              const proof = tree.consistencyProof(size1, size2);
              expect(verifyConsistency({ ...claim, proof })).toBe(true);
              if (size1 < size2) {
                expect(verifyConsistency({ ...claim, root2: tree.root(size2 - 1), proof })).toBe(false);
              }
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("a compact range restored from its edge continues with the same roots", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 50 }), (n, more) => {
        const tree = treeOf(n);
        const edge = CompactRange.edgeKeys(n).map(tree.subtree);
        const range = CompactRange.fromEdge(n, edge);
        expect(hashesEqual(range.root(), tree.root())).toBe(true);
        for (let i = n; i < n + more; i++) {
          range.append(leafHash(leafData(i)));
          tree.append(leafData(i));
        }
        expect(hashesEqual(range.root(), tree.root())).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
