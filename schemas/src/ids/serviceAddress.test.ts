import fc from "fast-check";
import { Address6 } from "ip-address";
import { describe, expect, it } from "vitest";
import { sha256Concat } from "../crypto/index.js";
import { avatarAddress } from "./avatarAddress.js";
import { ipv6FromText, ipv6ToText, prefix64FromText, prefix64ToText } from "./ipv6Text.js";
import { serviceAddress, serviceAddressBytes } from "./serviceAddress.js";

const obj = Uint8Array.from(Buffer.from("8d6f0a7e3c1b5a49e2d7c4b6a1f03e58", "hex"));

describe("service addresses", () => {
  it('are the prefix ‖ the first 64 bits of SHA-256("tet-service-address" ‖ object id ‖ name)', () => {
    const enc = new TextEncoder();
    const iid = sha256Concat(enc.encode("tet-service-address"), obj, enc.encode("meter")).subarray(0, 8);
    const expected = new Uint8Array([...prefix64FromText("fd54:4554:1::/64"), ...iid]);
    expect(serviceAddressBytes({ prefix: "fd54:4554:1::/64", objectId: obj, name: "meter" })).toEqual(
      expected,
    );
    expect(serviceAddress({ prefix: "fd54:4554:1::/64", objectId: obj, name: "meter" })).toBe(
      ipv6ToText(expected),
    );
  });

  it("put the service named avatar at the avatar's own address, and others elsewhere", () => {
    const prefix = "fd54:4554:1::/64";
    expect(serviceAddress({ prefix, objectId: obj, name: "avatar" })).toBe(
      avatarAddress({ prefix, objectId: obj }),
    );
    expect(serviceAddress({ prefix, objectId: obj, name: "meter" })).not.toBe(
      avatarAddress({ prefix, objectId: obj }),
    );
  });

  it("refuse a prefix that is not a /64 network", () => {
    for (const prefix of [
      "fd54:4554:1::/48",
      "fd54:4554:1::1/64",
      "fd54::1::/64",
      "10.0.0.0/64",
      "fd54:4554:1::",
    ])
      expect(() => serviceAddress({ prefix, objectId: obj, name: "meter" })).toThrowError(
        expect.objectContaining({ code: "ID_INVALID" }),
      );
    expect(() => serviceAddressBytes({ prefix: new Uint8Array(7), objectId: obj, name: "x" })).toThrowError(
      expect.objectContaining({ code: "ID_INVALID" }),
    );
  });
});

describe("IPv6 text without an address library", () => {
  it.each([
    // RFC 5952 §4.2.1–4.2.3, §4.3 and its examples
    ["2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:DB8::AAAA", "2001:db8::aaaa"],
    ["0:0:0:0:0:0:0:0", "::"],
    ["::1", "::1"],
    ["fd54:4554:1::", "fd54:4554:1::"],
  ])("%s is written %s (RFC 5952 §4)", (text, canonical) => {
    expect(ipv6ToText(ipv6FromText(text))).toBe(canonical);
  });

  it("write what ip-address writes, and read it back", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (a, zeros) => {
          const b = a.map((x, i) => ((zeros[i] ?? 0) < 128 ? 0 : x)); // many zero runs
          const text = ipv6ToText(b);
          const big = BigInt(`0x${Buffer.from(b).toString("hex")}`);
          expect(text).toBe(Address6.fromBigInt(big).correctForm());
          expect(ipv6FromText(text)).toEqual(b);
          expect(ipv6FromText(new Address6(text).canonicalForm())).toEqual(b);
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    "",
    ":",
    ":::",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "12345::",
    "::ffff:1.2.3.4",
    "fe80::1%eth0",
    "g::",
  ])("refuse %j", (text) => {
    expect(() => ipv6FromText(text)).toThrowError(expect.objectContaining({ code: "ID_INVALID" }));
  });

  it("write and read /64 prefixes", () => {
    expect(prefix64ToText(prefix64FromText("fd54:4554:0001:0000::/64"))).toBe("fd54:4554:1::/64");
  });
});
