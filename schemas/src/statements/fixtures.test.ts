import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nobleVerifier } from "../index.js";
import { nodeVerifier } from "../node.js";
import { exampleList, fixtureList, kindsDoc } from "../test-support/index.js";
import { openStatement, STATEMENT_KINDS, signStatement } from "./statement.js";

const fixture = (dir: string, kind: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/${dir}/${kind}.cose`, import.meta.url)));

describe("versioned fixtures (fixtures/v1, fixtures/v2)", () => {
  it("cover every statement kind", () => {
    expect(
      exampleList()
        .map(([k]) => k)
        .sort(),
    ).toEqual([...STATEMENT_KINDS].sort());
  });

  it.each(fixtureList())(
    "%s/%s: saved bytes still parse, verify and mean the same",
    (dir, kind, statement, signer) => {
      const bytes = fixture(dir, kind);
      for (const verifier of [nodeVerifier, nobleVerifier]) {
        const parsed = openStatement(bytes, { verifier });
        expect(parsed.statement).toEqual(statement);
        expect(parsed.signer).toEqual(signer.publicKey);
      }
      // Deterministic encoding and deterministic Ed25519: signing the same statement gives the same bytes.
      expect(signStatement(statement, signer)).toEqual(bytes);
    },
  );
});

describe("schemas/README.md", () => {
  it("documents every kind with the CDDL and example generated from the code (npm run docs -w schemas)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(
      readme.indexOf("<!-- kinds:start -->") + 20,
      readme.indexOf("<!-- kinds:end -->"),
    );
    expect(section.trim()).toBe(kindsDoc().trim());
  });
});
