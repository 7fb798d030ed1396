import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bruteForceResolve, objOf, type ServiceSketch, signedManifest } from "../test-support/index.js";
import { resolveServices, type ServiceManifest, serviceKey } from "./index.js";

// Small universes, so that the brute force can enumerate every assignment: few services, three
// interfaces, versions and ranges chosen to hit npm's edges (prereleases, ^0.x, ~, x-ranges, ||,
// hyphen ranges, build metadata), and ranges that often admit several providers.
const VERSIONS = [
  "0.1.0",
  "0.1.5",
  "0.2.0",
  "1.0.0",
  "1.2.3",
  "1.3.0-rc.1",
  "1.3.0",
  "2.0.0-alpha",
  "2.0.0",
  "2.1.0+build.5",
];
const RANGES = [
  "^1.2.0",
  "~1.2.0",
  "1.x",
  "*",
  ">=1.0.0 <2.0.0",
  "^0.1.0",
  "0.1.x || 2.x",
  "1.0.0 - 1.3.0",
  "^1.3.0-rc.0",
  ">=2.0.0-alpha",
  "2.1.0",
  "<1.0.0",
  "^2.0.0",
  "~0.1.5",
];
const IFACES = ["x", "y", "z"];
const SLOTS = [1, 2].flatMap((obj) => ["a", "b", "c"].map((name) => ({ obj, name })));

const sketch = (slot: { obj: number; name: string }) =>
  fc
    .record({
      version: fc.constantFrom(...VERSIONS),
      provides: fc.dictionary(fc.constantFrom(...IFACES), fc.constantFrom(...VERSIONS), { maxKeys: 2 }),
      requires: fc.dictionary(
        fc.constantFrom(...IFACES),
        fc.record(
          {
            range: fc.constantFrom(...RANGES),
            mode: fc.constantFrom("needs", "after", "optional") as fc.Arbitrary<
              "needs" | "after" | "optional"
            >,
            of: fc.constantFrom(1, 2).map(objOf),
          },
          { requiredKeys: ["range", "mode"] },
        ),
        { maxKeys: 2 },
      ),
    })
    .map((s): ServiceSketch => ({ ...slot, ...s }));

const universeOf = (one: (slot: { obj: number; name: string }) => fc.Arbitrary<ServiceSketch>) =>
  fc
    .shuffledSubarray(SLOTS, { minLength: 1, maxLength: 5 })
    .chain((slots) => fc.tuple(fc.tuple(...slots.map(one)), fc.nat({ max: Math.min(2, slots.length - 1) })))
    .map(([sketches, remotes]) => {
      const all = sketches.map(signedManifest);
      return { local: all.slice(remotes), remote: all.slice(0, remotes) };
    })
    .filter((u) => u.local.reduce((n, m) => n + Object.keys(m.statement.requires).length, 0) <= 7);

// Dense universes: everyone offers much and needs much with wide ranges, so cycles are common and
// the resolver often has to give up a requirement's favourite provider to avoid one.
const dense = (slot: { obj: number; name: string }) =>
  fc
    .record({
      version: fc.constantFrom(...VERSIONS),
      provides: fc.dictionary(fc.constantFrom(...IFACES), fc.constantFrom("1.0.0", "1.2.3", "1.3.0"), {
        minKeys: 1,
        maxKeys: 3,
      }),
      requires: fc.dictionary(
        fc.constantFrom(...IFACES),
        fc.record({
          range: fc.constantFrom("*", "1.x", "^1.2.0", ">=1.0.0"),
          mode: fc.constantFrom("needs", "after", "needs", "optional") as fc.Arbitrary<
            "needs" | "after" | "optional"
          >,
        }),
        { maxKeys: 2 },
      ),
    })
    .map((s): ServiceSketch => ({ ...slot, ...s }));

// Rings: one interface each, needed by others, so that some cycles cannot be avoided.
const ring = (slot: { obj: number; name: string }) =>
  fc
    .record({
      provides: fc.dictionary(fc.constantFrom(...IFACES), fc.constantFrom("1.0.0", "1.0.0", "2.0.0"), {
        minKeys: 1,
        maxKeys: 1,
      }),
      requires: fc.dictionary(
        fc.constantFrom(...IFACES),
        fc.record({
          range: fc.constantFrom("*", "^1.0.0"),
          mode: fc.constantFrom("needs", "after") as fc.Arbitrary<"needs" | "after">,
        }),
        { minKeys: 1, maxKeys: 2 },
      ),
    })
    .map((s): ServiceSketch => ({ ...slot, ...s }));

const universe = fc.oneof(universeOf(sketch), universeOf(dense), universeOf(ring), universeOf(ring));

const lockChoices = (lock: {
  services: readonly {
    obj: Uint8Array;
    name: string;
    requires: Record<string, { provider?: { obj: Uint8Array; name: string } }>;
  }[];
}) =>
  lock.services.flatMap((s) =>
    Object.keys(s.requires)
      .sort()
      .map((iface) => {
        const p = s.requires[iface]!.provider;
        return { dependent: serviceKey(s), iface, provider: p ? serviceKey(p) : null };
      }),
  );

describe("resolveServices against a brute-force resolver", () => {
  it("picks exactly the best valid assignment, or refuses with the same codes when there is none", () => {
    let resolved = 0;
    let detours = 0;
    let cycles = 0;
    fc.assert(
      fc.property(universe, ({ local, remote }) => {
        const expected = bruteForceResolve({ local, remote });
        const actual = resolveServices({ local, remote });
        if (expected.ok) {
          expect(actual.ok).toBe(true);
          if (actual.ok) expect(lockChoices(actual.lock)).toEqual(expected.choices);
          resolved++;
          if (expected.detour) detours++;
        } else {
          expect(actual.ok).toBe(false);
          if (!actual.ok)
            expect([...new Set(actual.problems.map((p) => p.code))].sort()).toEqual(expected.codes);
          if (expected.codes[0] === "SERVICE_CYCLE") cycles++;
        }
      }),
      { numRuns: 600 },
    );
    // The generator must exercise every outcome, or the comparison proves little (each is expected
    // some ten times or more in 600 runs; the detours get their own property below).
    expect(resolved).toBeGreaterThan(40);
    expect(detours).toBeGreaterThan(0);
    expect(cycles).toBeGreaterThan(0);
  });

  it("gives up a requirement's favourite provider exactly when that avoids a cycle, as the brute force does", () => {
    // Local rings, and one remote service offering every interface at the same version: a cycle can
    // always be avoided by going remote, but each requirement prefers a local provider.
    const hub = signedManifest({ obj: 9, name: "hub", provides: { x: "1.0.0", y: "1.0.0", z: "1.0.0" } });
    const rings = fc.shuffledSubarray(SLOTS, { minLength: 2, maxLength: 4 }).chain((slots) =>
      fc.tuple(
        ...slots.map((slot) =>
          fc
            .record({
              provides: fc.dictionary(fc.constantFrom(...IFACES), fc.constant("1.0.0"), {
                minKeys: 1,
                maxKeys: 1,
              }),
              requires: fc.dictionary(
                fc.constantFrom(...IFACES),
                fc.constant({ range: "^1.0.0", mode: "needs" as const }),
                { minKeys: 1, maxKeys: 2 },
              ),
            })
            .map((sk): ServiceSketch => ({ ...slot, ...sk })),
        ),
      ),
    );
    let detours = 0;
    fc.assert(
      fc.property(rings, (sketches) => {
        const local = sketches.map(signedManifest);
        const expected = bruteForceResolve({ local, remote: [hub] });
        const actual = resolveServices({ local, remote: [hub] });
        expect(expected.ok && actual.ok).toBe(true);
        if (expected.ok && actual.ok) {
          expect(lockChoices(actual.lock)).toEqual(expected.choices);
          if (expected.detour) detours++;
        }
      }),
      { numRuns: 200 },
    );
    expect(detours).toBeGreaterThan(20);
  });

  it("gives the same lock whatever order the manifests come in", () => {
    fc.assert(
      fc.property(universe, fc.integer(), ({ local, remote }, seed) => {
        const shuffle = <T>(xs: T[]) =>
          [...xs].sort(
            (a, b) =>
              ((serviceHash(a as ServiceManifest) ^ seed) & 0xff) -
              ((serviceHash(b as ServiceManifest) ^ seed) & 0xff),
          );
        const a = resolveServices({ local, remote });
        const b = resolveServices({ local: shuffle(local), remote: shuffle(remote) });
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});

const serviceHash = (m: ServiceManifest) => m.hash[0]! | (m.hash[1]! << 8);
