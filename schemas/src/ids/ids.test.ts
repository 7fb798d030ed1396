import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex } from "../hex.js";
import { avatarAddress, isInPrefix } from "./avatarAddress.js";
import { didKeyFromPublicKey, publicKeyFromDidKey } from "./didKey.js";
import { isObjectIdText, objectIdFromGenesis, objectIdFromText, objectIdToText } from "./objectId.js";
import { downTopic, parseTopic, upTopic } from "./topics.js";

describe("object ids", () => {
  it("are the first 16 bytes of SHA-256 of the genesis bytes, in lowercase base32", () => {
    // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 …
    const id = objectIdFromGenesis(new TextEncoder().encode("abc"));
    expect(Buffer.from(id).toString("hex")).toBe("ba7816bf8f01cfea414140de5dae2223");
    expect(objectIdToText(id)).toBe("xj4bnp4pahh6uqkbidpf3lrcem");
  });

  it("round-trip between bytes and text", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (id) => {
        const text = objectIdToText(id);
        expect(text).toHaveLength(26);
        expect(isObjectIdText(text)).toBe(true);
        expect(objectIdFromText(text)).toEqual(id);
      }),
    );
  });

  it.each([
    "",
    "XJ4BNP4PAHH6UQKBIDPF3LRCEM",
    "xj4bnp4pahh6uqkbidpf3lrce",
    "xj4bnp4pahh6uqkbidpf3lrcen",
    "xj4bnp4pahh6uqkbidpf3lrc1m",
  ])("refuses %j", (text) => {
    expect(() => objectIdFromText(text)).toThrowError(expect.objectContaining({ code: "ID_INVALID" }));
  });
});

describe("did:key", () => {
  it("encodes the RFC 8032 TEST 1 key with the Ed25519 multicodec and round-trips", () => {
    const pub = fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const did = didKeyFromPublicKey(pub);
    expect(did).toMatch(/^did:key:z6Mk/);
    expect(publicKeyFromDidKey(did)).toEqual(pub);
  });

  it("matches the did:key spec's Ed25519 example", () => {
    // did:key spec, test vector for Ed25519 (z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp).
    const did = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
    expect(didKeyFromPublicKey(publicKeyFromDidKey(did))).toBe(did);
  });

  it.each([
    "did:web:example.com",
    "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
    "did:key:z0OIl",
  ])("refuses %s", (did) => {
    expect(() => publicKeyFromDidKey(did)).toThrowError(expect.objectContaining({ code: "ID_INVALID" }));
  });
});

describe("avatar addresses", () => {
  const prefix = "fd54:4554:1::/64";
  it("are the prefix plus 64 bits of SHA-256(domain ‖ id), stable and distinct", () => {
    const a = avatarAddress({ prefix, objectId: new Uint8Array(16) });
    const b = avatarAddress({ prefix, objectId: new Uint8Array(16).fill(1) });
    expect(a).toMatch(/^fd54:4554:1:0:/);
    expect(isInPrefix(a, prefix)).toBe(true);
    expect(a).not.toBe(b);
    expect(avatarAddress({ prefix, objectId: new Uint8Array(16) })).toBe(a);
  });

  it("refuses prefixes that are not a /64", () => {
    expect(() => avatarAddress({ prefix: "fd00::/48", objectId: new Uint8Array(16) })).toThrowError(
      expect.objectContaining({ code: "ID_INVALID" }),
    );
  });
});

describe("MQTT topics", () => {
  const id = objectIdToText(new Uint8Array(16).fill(9));
  it("build and parse", () => {
    expect(upTopic(id)).toBe(`tet/v1/o/${id}/up`);
    expect(parseTopic(downTopic(id))).toEqual({ objectId: id, direction: "down" });
  });

  it.each([
    "tet/v1/o/+/up",
    `tet/v1/o/${id}/up/x`,
    `tet/v1/o/${id}/sideways`,
    `tet/v2/o/${id}/up`,
    "tet/v1/o/../up",
    `/tet/v1/o/${id}/up`,
  ])("refuses %s", (topic) => {
    expect(() => parseTopic(topic)).toThrowError(expect.objectContaining({ code: "TOPIC_INVALID" }));
  });

  it("builders refuse invalid object ids", () => {
    for (const bad of ["#", "+", "abc", `${id}/up`]) {
      expect(() => upTopic(bad)).toThrowError(expect.objectContaining({ code: "TOPIC_INVALID" }));
      expect(() => downTopic(bad)).toThrowError(expect.objectContaining({ code: "TOPIC_INVALID" }));
    }
  });
});
