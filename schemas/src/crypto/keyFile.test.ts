import { createPrivateKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeKeyFile, encodeKeyFile } from "./keyFile.js";
import { publicKeyOf } from "./noble.js";

describe("key files", () => {
  const seed = Uint8Array.from(
    Buffer.from("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex"),
  );

  it("are PEM PKCS #8 that OpenSSL reads as the same Ed25519 key", () => {
    const pem = encodeKeyFile(seed);
    const key = createPrivateKey(pem);
    expect(key.asymmetricKeyType).toBe("ed25519");
    const jwk = key.export({ format: "jwk" });
    expect(Buffer.from(jwk.x as string, "base64url")).toEqual(Buffer.from(publicKeyOf(seed)));
    expect(decodeKeyFile(pem)).toEqual(seed);
  });

  it.each([
    ["not PEM", "hello"],
    ["a body that is not base64", "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----"],
    ["another key type", createPrivateKeyPem()],
  ])("refuses %s with KEY_INVALID", (_, pem) => {
    expect(() => decodeKeyFile(pem)).toThrowError(expect.objectContaining({ code: "KEY_INVALID" }));
  });
});

function createPrivateKeyPem(): string {
  // An X25519 key: PKCS #8 of the same length, different algorithm OID.
  const der = Buffer.from(`302e020100300506032b656e04220420${"11".repeat(32)}`, "hex");
  return `-----BEGIN PRIVATE KEY-----\n${der.toString("base64")}\n-----END PRIVATE KEY-----\n`;
}
