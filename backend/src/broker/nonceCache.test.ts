import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NonceCache } from "./nonceCache.js";

describe("NonceCache", () => {
  it("refuses a nonce again while it is live, and accepts it once it has expired", () => {
    const c = new NonceCache({ ttlMs: 1000 });
    expect(c.use("a", 0)).toBe("ok");
    expect(c.use("a", 999)).toBe("replay");
    expect(c.use("a", 1001)).toBe("ok");
  });

  it("fails closed when full of live nonces, and makes room from expired ones", () => {
    const c = new NonceCache({ ttlMs: 1000, max: 3 });
    for (const k of ["a", "b", "c"]) expect(c.use(k, 0)).toBe("ok");
    expect(c.use("d", 500)).toBe("full");
    expect(c.use("d", 1500)).toBe("ok");
    expect(c.size).toBe(1);
  });

  it("never accepts the same nonce twice within its lifetime (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 50 })), {
          maxLength: 60,
        }),
        (ops) => {
          const c = new NonceCache({ ttlMs: 10, max: 4 });
          const okAt = new Map<number, number>();
          let now = 0;
          for (const [k, dt] of ops) {
            now += dt % 7;
            const r = c.use(String(k), now);
            if (r === "ok") {
              const last = okAt.get(k);
              if (last !== undefined && now - last < 10) return false;
              okAt.set(k, now);
            }
          }
          return true;
        },
      ),
    );
  });
});
