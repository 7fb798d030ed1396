import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signedManifest } from "../test-support/index.js";
import { lockEdges, resolveServices, type ServiceLock, startOrder, stopOrder } from "./index.js";

const lockOf = (r: ReturnType<typeof resolveServices>): ServiceLock => {
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("; "));
  return r.lock;
};
const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name);

describe("start and stop order", () => {
  // db ← api (needs) ← web (needs api, after cache); cache ← worker (after); metrics optional for web.
  const db = signedManifest({ obj: 9, name: "db", provides: { sql: "14.2.0" } });
  const api = signedManifest({
    obj: 8,
    name: "api",
    provides: { api: "2.1.0" },
    requires: { sql: ">=14.0.0" },
  });
  const cache = signedManifest({ obj: 7, name: "cache", provides: { kv: "7.0.0" } });
  const web = signedManifest({
    obj: 1,
    name: "web",
    requires: {
      api: "^2.0.0",
      kv: { range: "7.x", mode: "after" },
      metrics: { range: "*", mode: "optional" },
    },
  });
  const worker = signedManifest({
    obj: 2,
    name: "worker",
    requires: { kv: { range: "^7.0.0", mode: "after" } },
  });
  const metrics = signedManifest({
    obj: 3,
    name: "metrics",
    provides: { metrics: "1.0.0" },
    requires: { api: { range: "^2.0.0", mode: "optional" } },
  });
  const lock = lockOf(resolveServices({ local: [db, api, cache, web, worker, metrics] }));

  it("starts providers first (needs and after), ties in lock order; optional requirements do not order", () => {
    expect(names(startOrder(lock))).toEqual(["metrics", "cache", "worker", "db", "api", "web"]);
  });

  it("stops dependents first: the exact reverse", () => {
    expect(names(stopOrder(lock))).toEqual(["web", "api", "db", "worker", "cache", "metrics"]);
  });

  it("stopping one service stops what needs it, transitively, but not what only starts after it", () => {
    expect(names(stopOrder(lock, { only: [db] }))).toEqual(["web", "api", "db"]);
    expect(names(stopOrder(lock, { only: [cache] }))).toEqual(["cache"]); // web and worker only start after it
  });

  it("refuses a lock whose requirements go round (LOCK_INVALID), as a tampered one could", () => {
    const web0 = lock.services.find((s) => s.name === "web")!;
    const round: ServiceLock = {
      ...lock,
      services: lock.services.map((s) =>
        s.name === "api"
          ? {
              ...s,
              requires: {
                ...s.requires,
                web: {
                  range: "*",
                  mode: "needs",
                  provider: {
                    obj: web0.obj,
                    name: "web",
                    version: "1.0.0",
                    address: web0.address,
                    manifest: web0.manifest,
                  },
                },
              },
            }
          : s,
      ),
    };
    expect(() => startOrder(round)).toThrowError(
      expect.objectContaining({
        code: "LOCK_INVALID",
        message: expect.stringMatching(/among .*\/web, .*\/api$/),
      }),
    );
  });

  it("always puts every local provider of needs and after before its dependent (random chains)", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 6 }), { minLength: 2, maxLength: 7 }), (targets) => {
        // Service i provides s{i} and, when targets[i] < i, needs s{targets[i]}: always acyclic.
        const ms = targets.map((t, i) =>
          signedManifest({
            obj: 20 - i,
            name: `s${i}`,
            provides: { [`s${i}`]: "1.0.0" },
            requires: t < i ? { [`s${t}`]: { range: "*", mode: i % 2 ? "needs" : "after" } } : {},
          }),
        );
        const l = lockOf(resolveServices({ local: ms }));
        const at = new Map(startOrder(l).map((s, k) => [s.name, k]));
        for (const e of lockEdges(l))
          expect(at.get(l.services[e.to]!.name)!).toBeLessThan(at.get(l.services[e.from]!.name)!);
        expect(names(stopOrder(l))).toEqual(names(startOrder(l)).reverse());
      }),
      { numRuns: 60 },
    );
  });
});
