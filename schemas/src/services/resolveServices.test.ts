import { describe, expect, it } from "vitest";
import { objOf, signedManifest } from "../test-support/index.js";
import { resolveServices, type ServiceLock, serviceKey } from "./index.js";

const providerOf = (lock: ServiceLock, dependent: string, iface: string) => {
  const s = lock.services.find((x) => x.name === dependent)!;
  const p = s.requires[iface]!.provider;
  return p ? `${serviceKey(p).split("/")[1]}@${p.version}` : null;
};

const resolved = (r: ReturnType<typeof resolveServices>) => {
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("; "));
  return r.lock;
};

describe("resolveServices", () => {
  const avatar = signedManifest({ name: "avatar", version: "1.3.2", provides: { passport: "1.3.2" } });
  const meter = signedManifest({
    name: "meter",
    version: "1.2.0",
    provides: { "billing-meter": "1.2.0" },
    requires: { passport: "^1.3.0" },
  });

  it("resolves the charger's meter to its avatar and locks provider, version, address and manifest", () => {
    const lock = resolved(resolveServices({ local: [meter, avatar] }));
    expect(lock.services.map((s) => s.name)).toEqual(["avatar", "meter"]); // canonical order, not input order
    const entry = lock.services[1]!.requires.passport!;
    expect(entry).toEqual({
      range: "^1.3.0",
      mode: "needs",
      provider: {
        obj: avatar.obj,
        name: "avatar",
        version: "1.3.2",
        address: avatar.addressBytes,
        manifest: avatar.hash,
      },
    });
  });

  it("takes the highest satisfying version, then a local provider before a remote one, then object id and name", () => {
    const want = signedManifest({ obj: 5, name: "app", requires: { api: "^1.0.0" } });
    const v14 = signedManifest({ obj: 3, name: "old", provides: { api: "1.4.0" } });
    const v15remote = signedManifest({ obj: 4, name: "far", provides: { api: "1.5.0" } });
    const v2 = signedManifest({ obj: 2, name: "next", provides: { api: "2.0.0" } });
    expect(
      providerOf(resolved(resolveServices({ local: [want, v14, v2], remote: [v15remote] })), "app", "api"),
    ).toBe("far@1.5.0");
    const v15local = signedManifest({ obj: 6, name: "near", provides: { api: "1.5.0+build.7" } }); // build metadata ties
    expect(
      providerOf(resolved(resolveServices({ local: [want, v15local], remote: [v15remote] })), "app", "api"),
    ).toBe("near@1.5.0+build.7");
    const a = signedManifest({ obj: 7, name: "b", provides: { api: "1.5.0" } });
    const b = signedManifest({ obj: 7, name: "a", provides: { api: "1.5.0" } });
    expect(providerOf(resolved(resolveServices({ local: [want, a, b] })), "app", "api")).toBe("a@1.5.0");
  });

  it("never picks a prerelease for a range that does not name one of the same tuple", () => {
    const want = signedManifest({ obj: 5, name: "app", requires: { api: "^1.2.0" } });
    const rc = signedManifest({ obj: 3, name: "rc", provides: { api: "1.9.0-rc.1" } });
    const stable = signedManifest({ obj: 4, name: "stable", provides: { api: "1.2.5" } });
    expect(providerOf(resolved(resolveServices({ local: [want, rc, stable] })), "app", "api")).toBe(
      "stable@1.2.5",
    );
    const wantRc = signedManifest({ obj: 5, name: "app", requires: { api: "^1.9.0-rc.0" } });
    expect(providerOf(resolved(resolveServices({ local: [wantRc, rc, stable] })), "app", "api")).toBe(
      "rc@1.9.0-rc.1",
    );
  });

  it("refuses a missing interface and a range nobody satisfies, naming dependent, interface, range and what is offered", () => {
    const app = signedManifest({
      obj: 5,
      name: "app",
      requires: { api: "^2.0.0", clock: { range: "*", mode: "after" } },
    });
    const v1 = signedManifest({ obj: 3, name: "old", provides: { api: "1.4.0" } });
    const r = resolveServices({ local: [app, v1] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.code)).toEqual(["SERVICE_CONFLICT", "SERVICE_MISSING"]);
    expect(r.problems[0]!.message).toBe(
      `${app.key} needs api ^2.0.0: no provider satisfies the range (offered: api@1.4.0 from ${v1.key})`,
    );
    expect(r.problems[1]!.message).toBe(`${app.key} after clock *: no other service provides clock`);
    expect(r.problems[0]!.services).toEqual([app.key, v1.key]);
  });

  it("leaves an optional requirement unresolved when nobody offers it, and refuses it when only wrong versions are offered", () => {
    const app = signedManifest({
      obj: 5,
      name: "app",
      requires: { metrics: { range: "^2.0.0", mode: "optional" } },
    });
    const lock = resolved(resolveServices({ local: [app] }));
    expect(lock.services[0]!.requires.metrics).toEqual({ range: "^2.0.0", mode: "optional" });
    const m1 = signedManifest({ obj: 3, name: "metrics", provides: { metrics: "1.0.0" } });
    const r = resolveServices({ local: [app, m1] });
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toEqual(["SERVICE_CONFLICT"]);
  });

  it("never lets a service serve its own requirement", () => {
    const selfish = signedManifest({
      obj: 5,
      name: "app",
      provides: { api: "1.0.0" },
      requires: { api: "^1.0.0" },
    });
    const r = resolveServices({ local: [selfish] });
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toEqual(["SERVICE_MISSING"]);
  });

  it("refuses a cycle of needs and after, naming it; optional requirements may go round", () => {
    const a = signedManifest({ obj: 1, name: "a", provides: { x: "1.0.0" }, requires: { y: "^1.0.0" } });
    const b = signedManifest({
      obj: 1,
      name: "b",
      provides: { y: "1.0.0" },
      requires: { z: { range: "*", mode: "after" } },
    });
    const c = signedManifest({ obj: 1, name: "c", provides: { z: "1.0.0" }, requires: { x: "1.x" } });
    const r = resolveServices({ local: [c, b, a] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        code: "SERVICE_CYCLE",
        message: `no choice of providers avoids a cycle: ${a.key} needs y ^1.0.0 → ${b.key} after z * → ${c.key} needs x 1.x → ${a.key}`,
        services: [a.key, b.key, c.key],
      },
    ]);
    const soft = signedManifest({
      obj: 1,
      name: "c",
      provides: { z: "1.0.0" },
      requires: { x: { range: "1.x", mode: "optional" } },
    });
    expect(resolveServices({ local: [soft, b, a] }).ok).toBe(true);
  });

  it("avoids a cycle with a lower-ranked provider when one exists", () => {
    const a = signedManifest({ obj: 1, name: "a", provides: { x: "1.0.0" }, requires: { y: "^1.0.0" } });
    const b = signedManifest({ obj: 1, name: "b", provides: { y: "1.5.0" }, requires: { x: "^1.0.0" } });
    const y2 = signedManifest({ obj: 2, name: "y-old", provides: { y: "1.1.0" } });
    const lock = resolved(resolveServices({ local: [a, b, y2] }));
    expect(providerOf(lock, "a", "y")).toBe("y-old@1.1.0"); // a gives up b's higher y: b needs a
    expect(providerOf(lock, "b", "x")).toBe("a@1.0.0");
  });

  it("serves a requirement with `of` only from that object's services: each charger's meter gets its own avatar", () => {
    const chargers = [1, 2, 3].flatMap((obj) => [
      signedManifest({ obj, name: "avatar", version: `1.${obj}.0`, provides: { passport: `1.${obj}.0` } }),
      signedManifest({
        obj,
        name: "meter",
        requires: { passport: { range: "^1.0.0", mode: "needs", of: objOf(obj) } },
      }),
    ]);
    const lock = resolved(resolveServices({ local: chargers }));
    for (const s of lock.services.filter((x) => x.name === "meter"))
      expect(s.requires.passport).toMatchObject({ of: s.obj, provider: { obj: s.obj, name: "avatar" } });
    const lonely = signedManifest({
      obj: 4,
      name: "meter",
      requires: { passport: { range: "^1.0.0", mode: "needs", of: objOf(4) } },
    });
    const r = resolveServices({ local: [...chargers, lonely] });
    expect(r.ok ? "" : r.problems[0]!.message).toMatch(
      /\/meter needs passport \^1\.0\.0 of [a-z2-7]{26}: no other service of [a-z2-7]{26} provides passport$/,
    );
  });

  it("refuses two manifests of one service", () => {
    const again = signedManifest({ name: "avatar", version: "1.4.0", provides: { passport: "1.4.0" } });
    const r = resolveServices({ local: [avatar, meter], remote: [again] });
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toEqual(["SERVICE_DUPLICATE"]);
  });
});
