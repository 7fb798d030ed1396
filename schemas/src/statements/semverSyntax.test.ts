import fc from "fast-check";
import valid from "semver/functions/valid.js";
import validRange from "semver/ranges/valid.js";
import { describe, expect, it } from "vitest";
import { NPM_RANGE_EXCLUDE, NPM_RANGE_INCLUDE, NPM_RANGE_INVALID } from "../test-support/index.js";
import { SEMVER_RANGE, SEMVER_VERSION } from "./semverSyntax.js";

const npmCases = [...NPM_RANGE_INCLUDE, ...NPM_RANGE_EXCLUDE];

describe("the strict semver grammar of statements", () => {
  it("accepts every range of npm semver's own test cases except the loose spellings, which it names", () => {
    const refused = [...new Set(npmCases.map(([r]) => r).filter((r) => !SEMVER_RANGE.test(r)))];
    // Exactly the forms npm tolerates but does not define in range.bnf: empty ranges, spaces after an
    // operator, `~>`, and a `v` prefix. Each has a strict spelling (`*`, `>=1.0.0`, `~3.2.1`, `~0.5.4-pre`).
    expect(refused).toEqual([
      "",
      ">= 1.0.0",
      ">=  1.0.0",
      ">=   1.0.0",
      "> 1.0.0",
      ">  1.0.0",
      "<=   2.0.0",
      "<= 2.0.0",
      "<=  2.0.0",
      "<    2.0.0",
      "<\t2.0.0",
      "||",
      "~>3.2.1",
      "~>1",
      "~> 1",
      "~ 1.0",
      "~ 1.0.3",
      ">= 1",
      "< 1.2",
      "~v0.5.4-pre",
      "~v0.5.4-beta",
    ]);
  });

  it.each(NPM_RANGE_INVALID)("refuses %j, which npm semver cannot parse either (range-parse.js)", (range) => {
    expect(SEMVER_RANGE.test(range)).toBe(false);
    expect(validRange(range)).toBeNull();
  });

  it("admits only ranges npm semver parses (random strings over the grammar's alphabet, and the grammar's own)", () => {
    const alphabet = fc.constantFrom(..."0123456789..xX*^~<>=|- +-abrc");
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: alphabet, maxLength: 24 }), fc.stringMatching(SEMVER_RANGE)),
        (s) => {
          if (SEMVER_RANGE.test(s) && s.length <= 128) expect(validRange(s)).not.toBeNull();
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("admits versions exactly in npm's canonical form, and refuses v prefixes, leading zeros and numbers past 2^53", () => {
    fc.assert(
      fc.property(fc.stringMatching(SEMVER_VERSION), (v) => {
        expect(valid(v)).toBe(v.replace(/\+.*$/, "")); // npm's canonical text drops build metadata
      }),
      { numRuns: 1000 },
    );
    for (const v of [
      "1.2.3",
      "1.2.3-0",
      "1.2.3-alpha-.-beta",
      "1.2.3-alpha+build",
      "1.2.3+build.1a",
      "999999999999999.0.0",
    ])
      expect(SEMVER_VERSION.test(v)).toBe(true);
    for (const v of [
      "v1.2.3",
      "=1.2.3",
      "01.2.3",
      "1.02.3",
      "1.2.3-01",
      "1.2",
      "1.2.3-",
      "1.2.3+",
      "9007199254740991.0.0",
      " 1.2.3",
    ])
      expect(SEMVER_VERSION.test(v)).toBe(false);
  });
});
