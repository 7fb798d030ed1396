import { execFileSync } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeKeyFile, generatePrivateKey, publicKeyOf } from "@tet/schemas";
import { afterAll, describe, expect, it } from "vitest";
import { time } from "./der.js";
import { DeviceCa } from "./deviceCa.js";
import { ipBytes } from "./profiles.js";

const dir = mkdtempSync(join(tmpdir(), "tet-device-ca-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const objectId = "aaaaaaaaaaaaaaaaaaaaaaaaaa";

describe("DeviceCa", () => {
  const ca = DeviceCa.open(join(dir, "ca"));
  const deviceKey = generatePrivateKey();
  const cert = ca.deviceCertificate(objectId, publicKeyOf(deviceKey));

  it("certifies a device key with the object id as CommonName, verifiable by node:crypto and OpenSSL", () => {
    const x = new X509Certificate(cert);
    expect(x.subject).toBe(`CN=${objectId}`);
    expect(x.issuer).toBe("CN=TET Avatars device CA");
    expect(x.verify(new X509Certificate(ca.certificatePem).publicKey)).toBe(true);
    expect(x.checkPrivateKey(createPrivateKey(encodeKeyFile(deviceKey)))).toBe(true);
    expect(x.ca).toBe(false);
    expect(x.keyUsage).toEqual(["1.3.6.1.5.5.7.3.2"]); // node reports extendedKeyUsage here: clientAuth
    writeFileSync(join(dir, "ca.pem"), ca.certificatePem);
    writeFileSync(join(dir, "dev.pem"), cert);
    const out = execFileSync("openssl", [
      "verify",
      "-purpose",
      "sslclient",
      "-CAfile",
      join(dir, "ca.pem"),
      join(dir, "dev.pem"),
    ]);
    expect(out.toString()).toMatch(/dev\.pem: OK/);
  });

  it("re-issues the same bytes from the same CA key, after a restart too", () => {
    expect(ca.deviceCertificate(objectId, publicKeyOf(deviceKey))).toBe(cert);
    expect(DeviceCa.open(join(dir, "ca")).deviceCertificate(objectId, publicKeyOf(deviceKey))).toBe(cert);
  });

  it("puts a revoked serial on a CRL that OpenSSL checks", () => {
    const serial = DeviceCa.serial(objectId, publicKeyOf(deviceKey));
    const check = (crl: string) => {
      writeFileSync(join(dir, "chain.pem"), ca.certificatePem + crl);
      try {
        execFileSync(
          "openssl",
          ["verify", "-crl_check", "-CAfile", join(dir, "chain.pem"), join(dir, "dev.pem")],
          { stdio: "pipe" },
        );
        return "ok";
      } catch (e) {
        const x = e as { stdout: Buffer; stderr: Buffer };
        return `${x.stdout}${x.stderr}`;
      }
    };
    expect(check(ca.crl({ revoked: [], number: 1, now: Date.now(), days: 30 }))).toBe("ok");
    const revoked = ca.crl({ revoked: [{ serial, at: Date.now() }], number: 2, now: Date.now(), days: 30 });
    expect(check(revoked)).toMatch(/certificate revoked/);
    // An expired CRL fails every certificate: why the publisher re-issues it daily.
    expect(check(ca.crl({ revoked: [], number: 3, now: Date.now() - 40 * 86_400_000, days: 30 }))).toMatch(
      /CRL has expired/,
    );
  });

  it("gives a broker certificate its DNS names and IP addresses", () => {
    const key = generatePrivateKey();
    const x = new X509Certificate(
      ca.serverCertificate({
        names: ["mosquitto", "::1", "127.0.0.1"],
        publicKey: publicKeyOf(key),
        now: Date.now(),
        days: 1,
      }),
    );
    expect(x.subjectAltName).toBe("DNS:mosquitto, IP Address:0:0:0:0:0:0:0:1, IP Address:127.0.0.1");
    expect(x.checkHost("mosquitto")).toBe("mosquitto");
    expect(x.checkIP("::1")).toBe("::1");
  });
});

describe("DER pieces", () => {
  it("writes UTCTime through 2049 and GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)", () => {
    const text = (b: Uint8Array) => [b[0], Buffer.from(b.subarray(2)).toString()];
    expect(text(time(Date.UTC(2049, 11, 31, 23, 59, 59)))).toEqual([0x17, "491231235959Z"]);
    expect(text(time(Date.UTC(2050, 0, 1)))).toEqual([0x18, "20500101000000Z"]);
  });

  it("writes IPv6 addresses with :: in any place", () => {
    expect(Buffer.from(ipBytes("2001:db8::1")).toString("hex")).toBe("20010db8000000000000000000000001");
    expect(Buffer.from(ipBytes("fe80::")).toString("hex")).toBe(`fe80${"0".repeat(28)}`);
  });
});
