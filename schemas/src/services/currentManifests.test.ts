import { describe, expect, it } from "vitest";
import { signedManifest } from "../test-support/index.js";
import { currentManifests } from "./index.js";

describe("currentManifests", () => {
  const v1 = signedManifest({ name: "meter", version: "1.0.0" });
  const v2 = signedManifest({ name: "meter", version: "1.1.0", replaces: v1.hash, ts: 1_795_000_001_000 });
  const v3 = signedManifest({ name: "meter", version: "1.2.0", replaces: v2.hash, ts: 1_795_000_002_000 });
  const other = signedManifest({ obj: 2, name: "meter", version: "0.9.0" });

  it("follows each service's chain of replaces to its current manifest", () => {
    const { current, problems } = currentManifests([v1, other, v2, v3]);
    expect(current.map((m) => m.version)).toEqual(["1.2.0", "0.9.0"]);
    expect(problems).toEqual([]);
  });

  it("ignores and reports an old manifest signed again, a fork, and a first one claiming a predecessor", () => {
    const fork = signedManifest({
      name: "meter",
      version: "9.0.0",
      replaces: v1.hash,
      ts: 1_795_000_003_000,
    });
    const stray = signedManifest({ obj: 3, name: "clock", replaces: v1.hash });
    const { current, problems } = currentManifests([v1, v2, v3, fork, v1, stray]);
    expect(current.map((m) => m.version)).toEqual(["1.2.0"]);
    expect(problems.map((p) => [p.code, p.services[0]])).toEqual([
      ["SERVICE_INVALID", v1.key],
      ["SERVICE_INVALID", v1.key],
      ["SERVICE_INVALID", stray.key],
    ]);
    expect(problems[0]!.message).toMatch(/meter 9\.0\.0 .* but the current manifest is 1\.2\.0/);
  });
});
