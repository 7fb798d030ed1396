import { createHash, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  decodeKeyFile,
  type Ed25519Signer,
  encodeKeyFile,
  generatePrivateKey,
  objectIdFromText,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { buildCertificate, buildCrl, NO_EXPIRY, pem, type RevokedCertificate } from "./certificate.js";
import { caExtensions, deviceExtensions, serverExtensions } from "./profiles.js";

/** The CA's name: issuer of every device certificate, and of the broker's server certificate. */
export const DEVICE_CA_NAME = "TET Avatars device CA";

/**
 * The backend's device CA for external brokers (mutual TLS): an Ed25519 key (`ca-key.pem`, mode 0600)
 * and its self-signed certificate (`ca.pem`) in one folder. It certifies the Ed25519 key that the
 * ledger binds to an object, with the object id as the subject's CommonName, so Mosquitto's
 * `use_identity_as_username` makes it the username its pattern ACLs use. A device certificate is a
 * pure function of (CA key, object, device key): any holder of the CA key re-issues it byte for byte,
 * and its serial — hence its CRL entry — is known from the ledger alone.
 */
export class DeviceCa {
  /** The CA certificate, PEM: the trust anchor of Mosquitto's `cafile`. */
  readonly certificatePem: string;
  private readonly keyId: Uint8Array;
  private readonly since: number;

  private constructor(
    private readonly signer: Ed25519Signer,
    certificatePem: string,
  ) {
    this.certificatePem = certificatePem;
    this.keyId = DeviceCa.keyId(signer.publicKey);
    this.since = Date.parse(new X509Certificate(certificatePem).validFrom);
  }

  /** Opens the CA in `dir`, creating its key and certificate the first time. */
  static open(dir: string, now: () => number = Date.now): DeviceCa {
    const keyPath = join(dir, "ca-key.pem");
    const certPath = join(dir, "ca.pem");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!existsSync(keyPath))
      writeFileSync(keyPath, encodeKeyFile(generatePrivateKey()), { mode: 0o600, flag: "wx" });
    const signer = nodeSigner(decodeKeyFile(readFileSync(keyPath, "utf8")));
    if (!existsSync(certPath)) {
      const der = buildCertificate(
        {
          serial: Uint8Array.of(1),
          issuer: DEVICE_CA_NAME,
          subject: DEVICE_CA_NAME,
          publicKey: signer.publicKey,
          notBefore: now() - 60_000, // tolerate a minute of clock skew between hosts
          notAfter: NO_EXPIRY,
          extensions: caExtensions(DeviceCa.keyId(signer.publicKey)),
        },
        signer,
      );
      writeFileSync(certPath, pem("CERTIFICATE", der), { mode: 0o644 });
    }
    return new DeviceCa(signer, readFileSync(certPath, "utf8"));
  }

  /** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits, as a key identifier only. */
  private static keyId(publicKey: Uint8Array): Uint8Array {
    return new Uint8Array(createHash("sha1").update(publicKey).digest());
  }

  /**
   * The serial of the certificate for (object, device key): 16 bytes of SHA-256 over a label, the
   * object id and the key, made positive and minimal (RFC 5280 §4.1.2.2: at most 20 octets).
   */
  static serial(objectId: string, deviceKey: Uint8Array): Uint8Array {
    const h = createHash("sha256")
      .update("tet-device-cert\0")
      .update(objectIdFromText(objectId))
      .update(deviceKey);
    const s = new Uint8Array(h.digest().subarray(0, 16));
    s[0] = ((s[0] as number) & 0x7f) | 0x40;
    return s;
  }

  /** The client certificate (PEM) for a device key of `objectId`; the caller checks the ledger binds it. */
  deviceCertificate(objectId: string, deviceKey: Uint8Array): string {
    const der = buildCertificate(
      {
        serial: DeviceCa.serial(objectId, deviceKey),
        issuer: DEVICE_CA_NAME,
        subject: objectId,
        publicKey: deviceKey,
        notBefore: this.since,
        notAfter: NO_EXPIRY, // revocation is by CRL, when the ledger unbinds the key
        extensions: deviceExtensions(this.keyId),
      },
      this.signer,
    );
    return pem("CERTIFICATE", der);
  }

  /** A broker's server certificate for `names` (DNS names, IP addresses) and its Ed25519 key. */
  serverCertificate(o: {
    names: readonly string[];
    publicKey: Uint8Array;
    now: number;
    days: number;
  }): string {
    const serial = createHash("sha256")
      .update("tet-server-cert\0")
      .update(o.publicKey)
      .digest()
      .subarray(0, 16);
    serial[0] = ((serial[0] as number) & 0x7f) | 0x40;
    const der = buildCertificate(
      {
        serial: new Uint8Array(serial),
        issuer: DEVICE_CA_NAME,
        subject: o.names[0] ?? "mqtt-broker",
        publicKey: o.publicKey,
        notBefore: o.now - 60_000,
        notAfter: o.now + o.days * 86_400_000,
        extensions: serverExtensions(o.names, this.keyId),
      },
      this.signer,
    );
    return pem("CERTIFICATE", der);
  }

  /** The CRL (PEM) listing `revoked`, valid from `now` for `days`. */
  crl(o: { revoked: readonly RevokedCertificate[]; number: number; now: number; days: number }): string {
    const der = buildCrl(
      {
        issuer: DEVICE_CA_NAME,
        thisUpdate: o.now,
        nextUpdate: o.now + o.days * 86_400_000,
        number: o.number,
        revoked: o.revoked,
      },
      this.signer,
    );
    return pem("X509 CRL", der);
  }
}
