import { isIPv4, isIPv6 } from "node:net";
import { extension } from "./certificate.js";
import { implicit, oid, seq, TRUE, tlv } from "./der.js";

// The extensions of the three kinds of certificate the device CA issues (RFC 5280 §4.2.1).

/** keyUsage (§4.2.1.3) as a DER BIT STRING of one byte, trailing zero bits dropped (X.690 §11.2.2). */
const keyUsage = (byte: number): Uint8Array => {
  let unused = 0;
  while (unused < 7 && !((byte >> unused) & 1)) unused++;
  return extension("2.5.29.15", tlv(0x03, Uint8Array.of(unused, byte)), true);
};
const DIGITAL_SIGNATURE = 0x80; // bit 0
const KEY_CERT_SIGN_CRL_SIGN = 0x06; // bits 5 and 6
const extKeyUsage = (purpose: string) => extension("2.5.29.37", seq(oid(purpose)));
const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2"; // id-kp-clientAuth, §4.2.1.12
const SERVER_AUTH = "1.3.6.1.5.5.7.3.1"; // id-kp-serverAuth
const keyId = (id: Uint8Array) => tlv(0x04, id);

/** The CA: basicConstraints cA TRUE (§4.2.1.9), keyCertSign and cRLSign, its subjectKeyIdentifier. */
export function caExtensions(subjectKeyId: Uint8Array): Uint8Array[] {
  return [
    extension("2.5.29.19", seq(TRUE), true),
    keyUsage(KEY_CERT_SIGN_CRL_SIGN),
    extension("2.5.29.14", keyId(subjectKeyId)),
  ];
}

/** A device: not a CA, digitalSignature only (TLS CertificateVerify), client authentication. */
export function deviceExtensions(authorityKeyId: Uint8Array): Uint8Array[] {
  return [
    extension("2.5.29.19", seq(), true),
    keyUsage(DIGITAL_SIGNATURE),
    extKeyUsage(CLIENT_AUTH),
    extension("2.5.29.35", seq(implicit(0, authorityKeyId))), // §4.2.1.1 keyIdentifier [0]
  ];
}

/** A broker: its DNS names and IP addresses as subjectAltName (§4.2.1.6), server authentication. */
export function serverExtensions(names: readonly string[], authorityKeyId: Uint8Array): Uint8Array[] {
  const general = names.map((n) =>
    isIPv4(n) || isIPv6(n) ? implicit(7, ipBytes(n)) : implicit(2, ascii(n)),
  );
  return [
    extension("2.5.29.19", seq(), true),
    keyUsage(DIGITAL_SIGNATURE),
    extKeyUsage(SERVER_AUTH),
    extension("2.5.29.17", seq(...general)),
    extension("2.5.29.35", seq(implicit(0, authorityKeyId))),
  ];
}

const ascii = (s: string) => new TextEncoder().encode(s);

/** An IP address as iPAddress wants it: 4 or 16 bytes in network order (§4.2.1.6). */
export function ipBytes(ip: string): Uint8Array {
  if (isIPv4(ip)) return Uint8Array.from(ip.split(".").map(Number));
  const [head = "", tail] = ip.split("::");
  const groups = (s: string) => (s === "" ? [] : s.split(":").map((g) => Number.parseInt(g, 16)));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  return Uint8Array.from(all.flatMap((g) => [g >> 8, g & 0xff]));
}
