import { describe, expect, it } from "vitest";
import { addressKey } from "./addressKey.js";
import { KeyedBuckets } from "./keyedBuckets.js";

describe("KeyedBuckets", () => {
  it("spends a burst, refills at the rate, and gives tokens back up to the burst", () => {
    let t = 0;
    const b = new KeyedBuckets({ rate: 2, burst: 3, now: () => t });
    expect([b.take("a"), b.take("a"), b.take("a"), b.take("a")]).toEqual([true, true, true, false]);
    expect(b.has("b")).toBe(true); // another key is untouched
    expect(b.waitMs("a")).toBe(500);
    t = 500;
    expect(b.take("a")).toBe(true); // one token came back in 500 ms
    b.give("a");
    b.give("a");
    b.give("a");
    b.give("a");
    expect([b.take("a"), b.take("a"), b.take("a"), b.take("a")]).toEqual([true, true, true, false]);
  });

  it("forgets full buckets and keeps at most maxKeys", () => {
    const b = new KeyedBuckets({ rate: 1, burst: 1, maxKeys: 2, now: () => 0 });
    b.take("a");
    b.take("b");
    b.take("c"); // "a" is evicted: it gets a fresh bucket, never more than the burst
    expect(b.size).toBe(2);
    expect(b.has("a")).toBe(true);
    b.give("b"); // full again: forgotten
    expect(b.size).toBe(1);
  });
});

describe("addressKey", () => {
  it("keys IPv4 by address and IPv6 by its /64", () => {
    expect(addressKey("192.0.2.7")).toBe("192.0.2.7");
    expect(addressKey("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(addressKey("2001:db8:0:12::5")).toBe("2001:db8:0:12::/64");
    expect(addressKey("2001:0db8:0000:0012:ffff:1:2:3")).toBe("2001:db8:0:12::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey(undefined)).toBe("-");
    expect(addressKey("not an address")).toBe("-");
  });
});
