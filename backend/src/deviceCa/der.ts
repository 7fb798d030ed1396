// A minimal DER writer (ITU-T X.690 §8, §10) for the few ASN.1 types X.509 certificates and CRLs use.
// Pure: every function returns the complete TLV bytes, so structures compose as nested calls.

/** One TLV: `tag` byte, definite length (X.690 §8.1.3, short form below 128), then `content`. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const len =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  if (n >= 0x1000000) throw new RangeError("DER value too long");
  const out = new Uint8Array(1 + len.length + n);
  out[0] = tag;
  out.set(len, 1);
  out.set(content, 1 + len.length);
  return out;
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** SEQUENCE (X.690 §8.9). */
export const seq = (...items: Uint8Array[]): Uint8Array => tlv(0x30, concat(items));
/** SET (X.690 §8.11); DER orders SET OF elements, so callers pass one element only. */
export const set = (item: Uint8Array): Uint8Array => tlv(0x31, item);
/** [n] EXPLICIT, constructed context-specific tag (X.690 §8.14). */
export const explicit = (n: number, item: Uint8Array): Uint8Array => tlv(0xa0 | n, item);
/** [n] IMPLICIT primitive context-specific tag (e.g. GeneralName's dNSName [2], iPAddress [7]). */
export const implicit = (n: number, content: Uint8Array): Uint8Array => tlv(0x80 | n, content);
/** BOOLEAN TRUE (DER: 0xff, X.690 §11.1). */
export const TRUE = tlv(0x01, Uint8Array.of(0xff));
/** OCTET STRING. */
export const octets = (b: Uint8Array): Uint8Array => tlv(0x04, b);
/** BIT STRING with no unused bits (X.690 §8.6.2). */
export const bits = (b: Uint8Array): Uint8Array => tlv(0x03, concat([Uint8Array.of(0), b]));
/** UTF8String. */
export const utf8 = (s: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(s));

/** A non-negative INTEGER from its big-endian magnitude, minimal (X.690 §8.3.2), positive. */
export function uint(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const m = magnitude.subarray(i);
  return tlv(0x02, (m[0] as number) & 0x80 ? concat([Uint8Array.of(0), m]) : m);
}

/** A small non-negative INTEGER. */
export const int = (n: number): Uint8Array => {
  const b: number[] = [];
  do {
    b.unshift(n & 0xff);
    n = Math.floor(n / 256);
  } while (n > 0);
  return uint(Uint8Array.from(b));
};

/** OBJECT IDENTIFIER from dotted text (X.690 §8.19): base-128 arcs, the first two combined. */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map(Number);
  const body: number[] = [];
  const first = (arcs[0] as number) * 40 + (arcs[1] as number);
  for (const arc of [first, ...arcs.slice(2)]) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    body.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(body));
}

/**
 * A certificate or CRL time (RFC 5280 §4.1.2.5): UTCTime YYMMDDHHMMSSZ through 2049, GeneralizedTime
 * YYYYMMDDHHMMSSZ from 2050 on; seconds precision, always UTC.
 */
export function time(ms: number): Uint8Array {
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString(); // 2026-01-02T03:04:05.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, "");
  const year = Number(iso.slice(0, 4));
  const text = year < 2050 ? digits.slice(2) : digits;
  return tlv(year < 2050 ? 0x17 : 0x18, new TextEncoder().encode(`${text}Z`));
}
