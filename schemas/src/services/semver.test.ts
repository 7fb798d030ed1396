import { describe, expect, it } from "vitest";
import { SEMVER_RANGE, SEMVER_VERSION } from "../statements/index.js";
import { NPM_RANGE_EXCLUDE, NPM_RANGE_INCLUDE } from "../test-support/index.js";
import { compareVersions, satisfies } from "./semver.js";

const strict = ([range, version]: readonly [string, string]) =>
  SEMVER_RANGE.test(range) && SEMVER_VERSION.test(version);

describe("ranges mean what they mean to npm", () => {
  it.each(NPM_RANGE_INCLUDE.filter(strict))(
    "%j includes %s (npm semver test/fixtures/range-include.js)",
    (range, version) => {
      expect(satisfies(version, range)).toBe(true);
    },
  );

  it.each(NPM_RANGE_EXCLUDE.filter(strict))(
    "%j excludes %s (npm semver test/fixtures/range-exclude.js)",
    (range, version) => {
      expect(satisfies(version, range)).toBe(false);
    },
  );

  // The edges the resolver depends on, each with the fixture lines it rests on.
  it.each<[string, string, string, boolean]>([
    ["a prerelease is outside a range that names none", "^1.2.3", "1.2.3-pre", false],
    ["… and outside one that names a prerelease of another tuple", "^1.2.3-alpha", "1.3.0-beta", false],
    ["a prerelease of the same tuple is inside", "^1.2.3-alpha", "1.2.3-pre", true],
    ["an x-range names no prerelease", "1.1.x", "1.1.0-a", false],
    ["^0.x pins the minor", "^0.1.2", "0.2.0", false],
    ["^0.0.x pins the patch", "^0.0.1", "0.0.2", false],
    ["~ allows patches", "~2.4", "2.4.5", true],
    ["~ stops at the next minor", "~2.4", "2.5.0", false],
    ["x-ranges", "1.2.x || 2.x", "2.1.3", true],
    ["|| is a union", "0.1.20 || 1.2.4", "1.2.3", false],
    ["a hyphen range is inclusive", "1.0.0 - 2.0.0", "2.0.0", true],
    ["a partial upper bound of a hyphen range excludes its prereleases", "1 - 2", "2.0.0-pre", false],
    ["build metadata in a range is ignored", "^1.2.3+build", "1.2.3", true],
    ["build metadata in a version is ignored", "1.0.0", "1.0.0+sha.5114f85", true],
  ])("%s: %j, %s → %s", (_, range, version, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it("orders versions by SemVer precedence, build metadata aside (SemVer 2.0.0 §11)", () => {
    const order = [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
    ];
    for (let i = 1; i < order.length; i++) expect(compareVersions(order[i - 1]!, order[i]!)).toBeLessThan(0);
    expect(compareVersions("1.0.0+a", "1.0.0+b")).toBe(0);
  });
});
