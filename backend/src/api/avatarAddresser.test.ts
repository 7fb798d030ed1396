import { avatarAddress, DEFAULT_AVATAR_PREFIX } from "@tet/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { avatarAddresser } from "./avatarAddresser.js";

describe("avatarAddresser", () => {
  it("gives the same text as avatarAddress for any object id under several prefixes", () => {
    const prefixes = [DEFAULT_AVATAR_PREFIX, "fd54:4554:1::/64", "2001:db8::/64", "0:0:0:1::/64", "::/64"];
    for (const prefix of prefixes) {
      const address = avatarAddresser(prefix);
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (objectId) => {
          expect(address(objectId)).toBe(avatarAddress({ prefix, objectId }));
        }),
        { numRuns: 200 },
      );
    }
  });

  it("refuses a prefix that is not a /64, as avatarAddress does", () => {
    expect(() => avatarAddresser("fd54:4554:1::/48")).toThrow(/\/64/);
  });
});
