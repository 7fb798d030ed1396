import compare from "semver/functions/compare.js";
import satisfiesRange from "semver/functions/satisfies.js";

// npm's semantics exactly: node-semver with its defaults (not loose; prereleases only for ranges that
// name a prerelease of the same major.minor.patch). The statement codecs already refused every
// version and range outside the strict grammar (statements/semverSyntax.ts).
const NPM = { loose: false, includePrerelease: false } as const;

/**
 * True when `version` satisfies the npm range `range`, as `npm install` decides it: a prerelease
 * version satisfies only a range that names a prerelease of the same tuple; build metadata is ignored.
 *
 * @example satisfies("1.4.0", "^1.2.0") // true; satisfies("2.0.0-rc.1", "^1.2.0") // false
 */
export function satisfies(version: string, range: string): boolean {
  return satisfiesRange(version, range, NPM);
}

/** SemVer 2.0.0 §11 precedence: negative, zero or positive; build metadata does not count. */
export function compareVersions(a: string, b: string): number {
  return compare(a, b, NPM);
}
