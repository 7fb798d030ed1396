import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTetError } from "../errors.js";
import { foldRange, foldSubtree } from "./fold.js";
import { hashesEqual, leafHash } from "./hasher.js";
import { MemoryTree } from "./memoryTree.js";
import { rangeNodes } from "./nodeKey.js";

const leaf = (i: number) => leafHash(new TextEncoder().encode(`leaf ${i}`));

describe("Merkle folds", () => {
  it("a complete subtree folded from its leaves is the subtree the tree keeps", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 5 }), (level, index) => {
        const width = 2 ** level;
        const tree = new MemoryTree();
        for (let i = 0; i < (index + 1) * width; i++) tree.appendLeafHash(leaf(i));
        const leaves = Array.from({ length: width }, (_, i) => leaf(index * width + i));
        expect(hashesEqual(foldSubtree(leaves), tree.subtree({ level, index }))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("a range folded from its covering subtrees is the root of the tree of that size", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), (size) => {
        const tree = new MemoryTree();
        for (let i = 0; i < size; i++) tree.appendLeafHash(leaf(i));
        expect(hashesEqual(foldRange(rangeNodes(0, size).map(tree.subtree)), tree.root())).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("refuses what is no complete subtree or no range", () => {
    for (const n of [0, 3, 6]) {
      const leaves = Array.from({ length: n }, (_, i) => leaf(i));
      expect(() => foldSubtree(leaves)).toThrow(expect.objectContaining({ code: "LOG_BAD_PROOF" }));
    }
    try {
      foldRange([]);
      expect.unreachable();
    } catch (e) {
      expect(isTetError(e, "LOG_BAD_PROOF")).toBe(true);
    }
  });
});
