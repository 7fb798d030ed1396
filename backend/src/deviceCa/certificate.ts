import type { Ed25519Signer } from "@tet/schemas";
import { bits, explicit, int, octets, oid, seq, set, TRUE, time, uint, utf8 } from "./der.js";

/** RFC 8410 §3: id-Ed25519, the signature algorithm and key type, with parameters absent. */
export const ED25519 = seq(oid("1.3.101.112"));
/** RFC 5280 §4.1.2.5: "no well-defined expiration date", 9999-12-31T23:59:59Z. */
export const NO_EXPIRY = Date.UTC(9999, 11, 31, 23, 59, 59);

/** A Name with one CommonName RDN (RFC 5280 §4.1.2.4, id-at-commonName 2.5.4.3). */
export const commonName = (cn: string): Uint8Array => seq(set(seq(oid("2.5.4.3"), utf8(cn))));

/** SubjectPublicKeyInfo of a raw 32-byte Ed25519 key (RFC 8410 §4). */
export const ed25519Spki = (publicKey: Uint8Array): Uint8Array => seq(ED25519, bits(publicKey));

/** One Extension (RFC 5280 §4.1): extnID, critical when asked, extnValue wrapping the DER value. */
export const extension = (id: string, value: Uint8Array, critical = false): Uint8Array =>
  critical ? seq(oid(id), TRUE, octets(value)) : seq(oid(id), octets(value));

/** What one certificate says; the issuer signs it with Ed25519. */
export interface CertificateFields {
  serial: Uint8Array;
  issuer: string;
  subject: string;
  publicKey: Uint8Array;
  notBefore: number;
  notAfter: number;
  /** Extension TLVs (see `extension`). */
  extensions: Uint8Array[];
}

/**
 * An X.509 v3 certificate (RFC 5280 §4.1) signed with Ed25519 (RFC 8410 §6): TBSCertificate, the
 * algorithm, the signature over the TBSCertificate's DER bytes. Deterministic: Ed25519 signatures
 * are (RFC 8032 §5.1.6), so the same fields and issuer key give the same bytes.
 */
export function buildCertificate(f: CertificateFields, issuer: Ed25519Signer): Uint8Array {
  const tbs = seq(
    explicit(0, int(2)), // version v3
    uint(f.serial),
    ED25519,
    commonName(f.issuer),
    seq(time(f.notBefore), time(f.notAfter)),
    commonName(f.subject),
    ed25519Spki(f.publicKey),
    explicit(3, seq(...f.extensions)),
  );
  return seq(tbs, ED25519, bits(issuer.sign(tbs)));
}

/** One revoked certificate: its serial and when it was revoked. */
export interface RevokedCertificate {
  serial: Uint8Array;
  at: number;
}

/** What one CRL says (RFC 5280 §5.1.2). */
export interface CrlFields {
  issuer: string;
  thisUpdate: number;
  nextUpdate: number;
  /** The cRLNumber (RFC 5280 §5.2.3): monotonically increasing per issuer. */
  number: number;
  revoked: readonly RevokedCertificate[];
}

/**
 * A v2 CRL (RFC 5280 §5.1) signed with Ed25519: the revoked serials with their dates, the CRL number
 * extension (§5.2.3, which conforming issuers MUST include) and nextUpdate (§5.1.2.5), past which
 * OpenSSL, and so Mosquitto, refuses every certificate of this CA — the issuer re-issues it before.
 */
export function buildCrl(f: CrlFields, issuer: Ed25519Signer): Uint8Array {
  const entries = f.revoked.map((r) => seq(uint(r.serial), time(r.at)));
  const tbs = seq(
    int(1), // version v2
    ED25519,
    commonName(f.issuer),
    time(f.thisUpdate),
    time(f.nextUpdate),
    ...(entries.length > 0 ? [seq(...entries)] : []), // §5.1.2.6: absent when empty
    explicit(0, seq(extension("2.5.29.20", int(f.number)))),
  );
  return seq(tbs, ED25519, bits(issuer.sign(tbs)));
}

/** PEM armour (RFC 7468 §2): base64 lines of 64 characters between the label's lines. */
export function pem(label: "CERTIFICATE" | "X509 CRL", der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
