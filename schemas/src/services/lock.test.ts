import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encode } from "../cbor/index.js";
import { isTetError } from "../errors.js";
import { nobleVerifier } from "../index.js";
import { nodeVerifier } from "../node.js";
import { lockDoc, lockExampleManifests, signedManifest } from "../test-support/index.js";
import {
  decodeLock,
  encodeLock,
  lockFromJson,
  lockHolds,
  lockToJson,
  openManifest,
  resolveServices,
  type ServiceLock,
  verifyLock,
} from "./index.js";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/v1/${name}`, import.meta.url)));
const saved = {
  lock: fixture("lock/lock.cbor"),
  manifests: [fixture("service.cose"), fixture("lock/avatar.cose"), fixture("lock/clock.cose")],
};

describe("the service lock fixture (fixtures/v1/lock)", () => {
  it("still decodes, holds against its saved manifests, and is what resolution writes today", () => {
    for (const verifier of [nodeVerifier, nobleVerifier])
      expect(verifyLock({ ...saved, verifier }).ok).toBe(true);
    const again = lockExampleManifests();
    expect([again.meter, again.avatar, again.clock]).toEqual(saved.manifests);
    const [meter, avatar, clock] = saved.manifests.map((b) => openManifest(b, { verifier: nodeVerifier }));
    const r = resolveServices({ local: [meter!, avatar!], remote: [clock!] });
    expect(r.ok && encodeLock(r.lock)).toEqual(saved.lock);
  });

  it("records the meter's three requirements: needs the local avatar, after the remote clock, optional metrics absent", () => {
    const json = lockToJson(decodeLock(saved.lock)) as {
      services: {
        name: string;
        requires: Record<string, { provider?: { name: string; address: string } }>;
      }[];
    };
    expect(json.services.map((s) => s.name)).toEqual(["avatar", "meter"]);
    const req = json.services[1]!.requires;
    expect(Object.keys(req).sort()).toEqual(["clock", "metrics", "passport"]);
    expect(req.passport!.provider!.name).toBe("avatar");
    expect(req.clock!.provider!.name).toBe("clock");
    expect(req.metrics!.provider).toBeUndefined();
  });
});

describe("schemas/README.md", () => {
  it("documents the lock with the CDDL and the fixture generated from the code (npm run docs -w schemas)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(
      readme.indexOf("<!-- lock:start -->") + 19,
      readme.indexOf("<!-- lock:end -->"),
    );
    expect(section.trim()).toBe(lockDoc().trim());
  });
});

describe("lock encoding", () => {
  const lock = decodeLock(saved.lock);

  it("round-trips through canonical CBOR and JSON", () => {
    expect(encodeLock(lock)).toEqual(saved.lock);
    expect(lockFromJson(JSON.parse(JSON.stringify(lockToJson(lock))))).toEqual(lock);
  });

  it.each<[string, (l: ServiceLock) => unknown]>([
    ["an unknown field", (l) => ({ ...l, note: "x" })],
    ["another version", (l) => ({ ...l, v: 2 })],
    ["services out of canonical order", (l) => ({ ...l, services: [...l.services].reverse() })],
    ["a service twice", (l) => ({ ...l, services: [l.services[0], l.services[0]] })],
    [
      "a short address",
      (l) => ({ ...l, services: [{ ...l.services[0], address: new Uint8Array(15) }, l.services[1]] }),
    ],
    [
      "a range outside the strict grammar",
      (l) => ({
        ...l,
        services: [
          l.services[0],
          { ...l.services[1], requires: { passport: { range: ">= 1.0.0", mode: "needs" } } },
        ],
      }),
    ],
  ])("refuses %s (LOCK_INVALID)", (_, change) => {
    expect(() => decodeLock(encode(change(lock) as never))).toThrowError(
      expect.objectContaining({ code: "LOCK_INVALID" }),
    );
  });

  it("refuses bytes that are not deterministic CBOR (LOCK_INVALID, naming the CBOR defect)", () => {
    const padded = new Uint8Array([...saved.lock, 0]);
    expect(() => decodeLock(padded)).toThrowError(
      expect.objectContaining({
        code: "LOCK_INVALID",
        message: expect.stringMatching(/bytes follow the top-level item/),
      }),
    );
  });
});

describe("verifyLock refuses a tampered lock", () => {
  const lock = decodeLock(saved.lock);
  const meter = lock.services[1]!;
  const passport = meter.requires.passport!;
  const other = signedManifest({ obj: 0x77, name: "impostor", provides: { passport: "1.9.0" } });
  const swap = (requires: ServiceLock["services"][number]["requires"]): ServiceLock => ({
    ...lock,
    services: [lock.services[0]!, { ...meter, requires }],
  });

  it.each<[string, ServiceLock, Uint8Array[], RegExp]>([
    [
      "a provider's version changed",
      swap({
        ...meter.requires,
        passport: { ...passport, provider: { ...passport.provider!, version: "1.3.3" } },
      }),
      [],
      /requires passport: the lock says needs \^1\.3\.0 → .*\/avatar 1\.3\.3/,
    ],
    [
      "a provider swapped for another that also satisfies",
      swap({
        ...meter.requires,
        passport: {
          ...passport,
          provider: {
            obj: other.obj,
            name: other.name,
            version: "1.9.0",
            address: other.addressBytes,
            manifest: other.hash,
          },
        },
      }),
      [other.bytes],
      /requires passport/,
    ],
    [
      "a provider's address changed",
      swap({
        ...meter.requires,
        passport: { ...passport, provider: { ...passport.provider!, address: new Uint8Array(16) } },
      }),
      [],
      /at :: /,
    ],
    [
      "a manifest hash changed",
      swap({
        ...meter.requires,
        passport: { ...passport, provider: { ...passport.provider!, manifest: new Uint8Array(32) } },
      }),
      [],
      /requires passport: the lock says needs \^1\.3\.0 → .* \(manifest 0000000000000000…\)/,
    ],
    [
      "a requirement's mode changed",
      swap({ ...meter.requires, passport: { ...passport, mode: "after" } }),
      [],
      /requires passport/,
    ],
    [
      "a requirement dropped",
      swap({ clock: meter.requires.clock!, metrics: meter.requires.metrics! }),
      [],
      /requires passport: the lock says no such requirement/,
    ],
    [
      "an optional requirement resolved to nothing that exists",
      swap({ ...meter.requires, metrics: { ...meter.requires.metrics!, provider: passport.provider! } }),
      [],
      /requires metrics/,
    ],
    [
      "a service dropped (its dependents now resolve nowhere)",
      { ...lock, services: [meter] },
      [],
      /do not resolve: .*meter needs passport/,
    ],
    ["a remote candidate dropped", { ...lock, remote: [] }, [], /do not resolve: .*meter after clock/],
  ])("%s", (_, tampered, extra, message) => {
    const check = verifyLock({
      lock: encodeLock(tampered),
      manifests: [...saved.manifests, ...extra],
      verifier: nodeVerifier,
    });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.code).toBe("LOCK_MISMATCH");
      expect(check.message).toMatch(message);
    }
  });

  it("holds for a provider the lock states as a candidate: the host's configuration is in the lock, for all to see", () => {
    const provider = {
      obj: other.obj,
      name: other.name,
      version: "1.9.0",
      address: other.addressBytes,
      manifest: other.hash,
    };
    const stated: ServiceLock = {
      ...swap({ ...meter.requires, passport: { ...passport, provider } }),
      remote: [...lock.remote, other.hash].sort((a, b) => Buffer.compare(a, b)),
    };
    expect(
      verifyLock({
        lock: encodeLock(stated),
        manifests: [...saved.manifests, other.bytes],
        verifier: nodeVerifier,
      }).ok,
    ).toBe(true);
  });

  it("refuses a lock when a manifest it names is missing, and a manifest whose signature fails", () => {
    const missing = verifyLock({
      lock: saved.lock,
      manifests: saved.manifests.slice(0, 2),
      verifier: nodeVerifier,
    });
    expect(missing.ok ? "" : missing.message).toMatch(
      /remote candidate [0-9a-f]{64}: its manifest is not among those given/,
    );
    const forged = Uint8Array.from(saved.manifests[1]!);
    forged[forged.length - 1]! ^= 1;
    expect(() =>
      verifyLock({
        lock: saved.lock,
        manifests: [saved.manifests[0]!, forged, saved.manifests[2]!],
        verifier: nodeVerifier,
      }),
    ).toThrowError(expect.objectContaining({ code: "COSE_BAD_SIGNATURE" }));
  });

  it("never accepts a lock with any byte changed: it is malformed or it does not hold", () => {
    fc.assert(
      fc.property(fc.nat({ max: saved.lock.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const bytes = Uint8Array.from(saved.lock);
        bytes[at]! ^= flip;
        try {
          expect(verifyLock({ lock: bytes, manifests: saved.manifests, verifier: nodeVerifier }).ok).toBe(
            false,
          );
        } catch (e) {
          if (!isTetError(e, "LOCK_INVALID")) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });

  it("holds for every honest lock of random services (lockHolds after resolveServices)", () => {
    const a = signedManifest({ obj: 1, name: "a", provides: { x: "1.0.0" } });
    const b = signedManifest({
      obj: 2,
      name: "b",
      provides: { x: "1.4.0", y: "2.0.0" },
      requires: { x: "^1.0.0" },
    });
    const c = signedManifest({
      obj: 3,
      name: "c",
      requires: { x: "~1.4.0", y: { range: "2.x", mode: "after" } },
    });
    const r = resolveServices({ local: [a, c], remote: [b] });
    expect(r.ok && lockHolds({ lock: r.lock, manifests: [a, b, c] }).ok).toBe(true);
  });
});
