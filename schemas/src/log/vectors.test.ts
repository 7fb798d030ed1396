import { readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { hex } from "@scure/base";
import { describe, expect, it } from "vitest";
import { leafHash } from "./hasher.js";
import { MemoryTree } from "./memoryTree.js";
import { verifyConsistency } from "./verifyConsistency.js";
import { verifyInclusion } from "./verifyInclusion.js";

const vectors = fileURLToPath(new URL("../../../../shared/vectors/merkle/", import.meta.url));
const b64 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "base64"));
const proofOf = (p: string[] | null): Uint8Array[] => (p ?? []).map(b64);

function casesUnder(dir: string): { name: string; data: Record<string, unknown> }[] {
  const out: { name: string; data: Record<string, unknown> }[] = [];
  const walk = (d: string, rel: string): void => {
    for (const f of readdirSync(d).sort()) {
      const p = `${d}/${f}`;
      if (statSync(p).isDirectory()) walk(p, `${rel}${f}/`);
      else if (f.endsWith(".json"))
        out.push({ name: `${rel}${f}`, data: JSON.parse(readFileSync(p, "utf8")) });
    }
  };
  walk(dir, "");
  return out;
}

const roots = JSON.parse(readFileSync(`${vectors}roots.json`, "utf8")) as {
  leafInputsHex: string[];
  rootsHex: string[];
};

describe("RFC 9162 roots (transparency-dev constants)", () => {
  it.each(roots.rootsHex.map((r, n) => [n, r] as const))("tree of %i leaves", (n, want) => {
    const tree = new MemoryTree();
    for (const leaf of roots.leafInputsHex.slice(0, n)) tree.append(hex.decode(leaf));
    expect(hex.encode(tree.root())).toBe(want);
  });

  it("roots of every earlier size come from stored subtrees", () => {
    const tree = new MemoryTree();
    for (const leaf of roots.leafInputsHex) tree.append(hex.decode(leaf));
    expect(roots.rootsHex.map((_, n) => hex.encode(tree.root(n)))).toEqual(roots.rootsHex);
  });
});

const inclusion = casesUnder(`${vectors}inclusion`);
const consistency = casesUnder(`${vectors}consistency`);

describe("inclusion vectors", () => {
  it("are all there", () => expect(inclusion.length).toBeGreaterThan(90));
  it.each(inclusion)("$name", ({ data }) => {
    const ok = verifyInclusion({
      index: data.leafIdx as number,
      size: data.treeSize as number,
      leafHash: b64(data.leafHash as string),
      proof: proofOf(data.proof as string[] | null),
      root: b64(data.root as string),
    });
    expect(ok).toBe(!data.wantErr);
  });
});

describe("consistency vectors", () => {
  it("are all there", () => expect(consistency.length).toBeGreaterThan(90));
  it.each(consistency)("$name", ({ data }) => {
    const ok = verifyConsistency({
      size1: data.size1 as number,
      size2: data.size2 as number,
      root1: b64(data.root1 as string),
      root2: b64(data.root2 as string),
      proof: proofOf(data.proof as string[] | null),
    });
    expect(ok).toBe(!data.wantErr);
  });
});

describe("proof generation reproduces the published happy paths", () => {
  const tree = new MemoryTree();
  for (const leaf of roots.leafInputsHex) tree.append(hex.decode(leaf));
  const happy = (list: typeof inclusion) => list.filter((c) => c.name.endsWith("happy-path.json"));

  it.each(happy(inclusion))("inclusion $name", ({ data }) => {
    const index = data.leafIdx as number;
    expect(hex.encode(leafHash(hex.decode(roots.leafInputsHex[index] as string)))).toBe(
      hex.encode(b64(data.leafHash as string)),
    );
    const got = tree.inclusionProof(index, data.treeSize as number).map(hex.encode);
    expect(got).toEqual(proofOf(data.proof as string[] | null).map(hex.encode));
  });

  it.each(happy(consistency))("consistency $name", ({ data }) => {
    const got = tree.consistencyProof(data.size1 as number, data.size2 as number).map(hex.encode);
    expect(got).toEqual(proofOf(data.proof as string[] | null).map(hex.encode));
  });
});
