import { describe, expect, it } from "vitest";
import { signedManifest } from "../test-support/index.js";
import { canIDeploy, resolveServices, type ServiceLock } from "./index.js";

const lockOf = (r: ReturnType<typeof resolveServices>): ServiceLock => {
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("; "));
  return r.lock;
};
const codes = (r: ReturnType<typeof canIDeploy>) => (r.ok ? [] : r.problems.map((p) => p.code));

describe("canIDeploy", () => {
  const avatar = signedManifest({ name: "avatar", version: "1.3.2", provides: { passport: "1.3.2" } });
  const meter = signedManifest({
    name: "meter",
    version: "1.2.0",
    provides: { "billing-meter": "1.2.0" },
    requires: { passport: "^1.3.0" },
  });
  const lock = lockOf(resolveServices({ local: [avatar, meter] }));
  const next = (version: string, provides: Record<string, string>, replaces = avatar.hash) =>
    signedManifest({ name: "avatar", version, provides, replaces, ts: 1_795_000_100_000 });

  it("allows an upgrade the dependents' ranges allow, and gives the lock the host moves to", () => {
    const v14 = next("1.4.0", { passport: "1.4.0" });
    const r = canIDeploy({ local: [avatar, meter], locks: [lock], next: v14 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.lock.services[1]!.requires.passport!.provider!.manifest).toEqual(v14.hash);
  });

  it("refuses an upgrade that would break a dependent, naming it, its range and both versions", () => {
    const r = canIDeploy({
      local: [avatar, meter],
      locks: [lock],
      next: next("2.0.0", { passport: "2.0.0" }),
    });
    expect(codes(r)).toEqual(["SERVICE_BREAKS_DEPENDENT"]);
    if (!r.ok)
      expect(r.problems[0]!.message).toBe(
        `${avatar.key} 2.0.0 provides passport@2.0.0, but ${meter.key} needs passport ^1.3.0 (now passport@1.3.2)`,
      );
  });

  it("refuses a version that drops an interface a dependent uses, and a prerelease outside the range", () => {
    expect(
      codes(canIDeploy({ local: [avatar, meter], locks: [lock], next: next("1.5.0", { other: "1.0.0" }) })),
    ).toEqual(["SERVICE_BREAKS_DEPENDENT"]);
    expect(
      codes(
        canIDeploy({
          local: [avatar, meter],
          locks: [lock],
          next: next("1.5.0-rc.1", { passport: "1.5.0-rc.1" }),
        }),
      ),
    ).toEqual(["SERVICE_BREAKS_DEPENDENT"]);
  });

  it("checks the locks of other hosts that name the service too", () => {
    const far = signedManifest({ obj: 5, name: "far", requires: { passport: "~1.3.0" } });
    const farLock = lockOf(resolveServices({ local: [far], remote: [avatar] }));
    const r = canIDeploy({
      local: [avatar, meter],
      locks: [lock, farLock],
      next: next("1.4.0", { passport: "1.4.0" }),
    });
    expect(r.ok ? [] : r.problems.map((p) => p.services[1])).toEqual([far.key]);
  });

  it("refuses a manifest that does not replace the current one, and a first one that claims to replace", () => {
    const stale = next("1.4.0", { passport: "1.4.0" }, new Uint8Array(32));
    expect(codes(canIDeploy({ local: [avatar, meter], locks: [lock], next: stale }))).toEqual([
      "SERVICE_INVALID",
    ]);
    const unchained = signedManifest({
      name: "avatar",
      version: "1.4.0",
      provides: { passport: "1.4.0" },
      ts: 1_795_000_100_000,
    });
    expect(codes(canIDeploy({ local: [avatar, meter], locks: [lock], next: unchained }))).toEqual([
      "SERVICE_INVALID",
    ]);
    const newcomer = signedManifest({
      obj: 4,
      name: "new",
      requires: { passport: "*" },
      replaces: avatar.hash,
    });
    expect(codes(canIDeploy({ local: [avatar, meter], locks: [lock], next: newcomer }))).toEqual([
      "SERVICE_INVALID",
    ]);
  });

  it("deploys a new service onto the host when its own requirements resolve, and refuses it when they do not", () => {
    const newcomer = signedManifest({ obj: 4, name: "display", requires: { "billing-meter": "^1.0.0" } });
    const r = canIDeploy({ local: [avatar, meter], locks: [lock], next: newcomer });
    expect(r.ok && r.lock.services.map((s) => s.name)).toEqual(["avatar", "meter", "display"]);
    const picky = signedManifest({ obj: 4, name: "display", requires: { "billing-meter": "^2.0.0" } });
    expect(codes(canIDeploy({ local: [avatar, meter], locks: [lock], next: picky }))).toEqual([
      "SERVICE_CONFLICT",
    ]);
  });
});
