import { TetError } from "../errors.js";
import { shortestFloat } from "./float.js";
import { type CborValue, Tagged } from "./types.js";

const textEncoder = new TextEncoder();

/**
 * Encodes a value in deterministic CBOR (RFC 8949 §4.2.1): integers and lengths in their shortest
 * form, definite lengths only, map keys sorted by the bytewise order of their encodings, and floats
 * in the shortest of half, single or double precision that keeps the value (§4.2.2). This is the
 * one encoding of everything the system signs, so the same statement always has the same bytes.
 * Object entries whose value is `undefined` are left out (an absent optional field).
 *
 * @example encode({ t: "state", seq: 1 }) // a2 61 74 65 73 74 61 74 65 63 73 65 71 01
 */
export function encode(value: CborValue): Uint8Array {
  const out = new ByteWriter();
  writeItem(out, value, 0);
  return out.finish();
}

const MAX_DEPTH = 64;

function writeItem(out: ByteWriter, v: CborValue, depth: number): void {
  if (depth > MAX_DEPTH) throw new TetError("CBOR_UNENCODABLE", "nesting too deep");
  if (typeof v === "number") {
    if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
      if (v >= 0) writeHead(out, 0, v);
      else writeHead(out, 1, -1 - v);
    } else writeFloat(out, v);
  } else if (typeof v === "bigint") {
    if (v >= 0n) writeHead(out, 0, v);
    else writeHead(out, 1, -1n - v);
  } else if (typeof v === "string") {
    const bytes = textBytes(v);
    writeHead(out, 3, bytes.length);
    out.bytes(bytes);
  } else if (typeof v === "boolean") {
    out.byte(v ? 0xf5 : 0xf4);
  } else if (v === null) {
    out.byte(0xf6);
  } else if (v instanceof Uint8Array) {
    writeHead(out, 2, v.length);
    out.bytes(v);
  } else if (Array.isArray(v)) {
    writeHead(out, 4, v.length);
    for (const item of v) writeItem(out, item, depth + 1);
  } else if (v instanceof Tagged) {
    writeHead(out, 6, v.tag);
    writeItem(out, v.value, depth + 1);
  } else if (v instanceof Map) {
    writeMap(out, [...v.entries()], depth);
  } else if (typeof v === "object") {
    const entries: [CborValue, CborValue][] = [];
    for (const [k, val] of Object.entries(v)) if (val !== undefined) entries.push([k, val]);
    writeMap(out, entries, depth);
  } else {
    throw new TetError("CBOR_UNENCODABLE", `cannot encode ${typeof v}`);
  }
}

function writeMap(out: ByteWriter, entries: [CborValue, CborValue][], depth: number): void {
  // RFC 8949 §4.2.1: keys sorted by the bytewise lexicographic order of their deterministic encodings.
  const encoded = entries.map(([k, val]) => ({ key: typeof k === "string" ? textKey(k) : encode(k), val }));
  encoded.sort((a, b) => compareBytes(a.key, b.key));
  for (let i = 1; i < encoded.length; i++) {
    if (compareBytes(encoded[i - 1]!.key, encoded[i]!.key) === 0) {
      throw new TetError("CBOR_UNENCODABLE", "duplicate map key");
    }
  }
  writeHead(out, 5, encoded.length);
  for (const { key, val } of encoded) {
    out.bytes(key);
    writeItem(out, val, depth + 1);
  }
}

/** Bytewise lexicographic comparison (shorter first when one is a prefix of the other). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

// RFC 8949 §4.2.1: the argument in the shortest of 0–23 inline, 1, 2, 4 or 8 bytes.
function writeHead(out: ByteWriter, major: number, arg: number | bigint): void {
  const m = major << 5;
  if (typeof arg === "bigint") {
    if (arg < 0n || arg > 0xffff_ffff_ffff_ffffn)
      throw new TetError("CBOR_UNENCODABLE", "integer out of range");
    if (arg <= 0xffff_ffffn) writeHead(out, major, Number(arg));
    else {
      out.byte(m | 27);
      out.uint32(Number(arg >> 32n));
      out.uint32(Number(arg & 0xffff_ffffn));
    }
  } else if (arg < 24) out.byte(m | arg);
  else if (arg <= 0xff) out.byte(m | 24, arg);
  else if (arg <= 0xffff) out.byte(m | 25, arg >> 8, arg & 0xff);
  else if (arg <= 0xffff_ffff) {
    out.byte(m | 26);
    out.uint32(arg);
  } else {
    out.byte(m | 27);
    out.uint32(Math.floor(arg / 2 ** 32));
    out.uint32(arg >>> 0);
  }
}

// Field names recur in every statement: keep their encodings rather than encode them each time.
const keyCache = new Map<string, Uint8Array>();
function textKey(k: string): Uint8Array {
  let bytes = keyCache.get(k);
  if (!bytes) {
    bytes = encode(k);
    if (keyCache.size < 4096) keyCache.set(k, bytes);
  }
  return bytes;
}

function textBytes(v: string): Uint8Array {
  if (v.length <= 32) {
    const out = new Uint8Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0x80) return textEncoder.encode(v);
      out[i] = c;
    }
    return out;
  }
  return textEncoder.encode(v);
}

// RFC 8949 §4.2.2: the shortest float that preserves the value; NaN as the canonical half 0x7e00.
function writeFloat(out: ByteWriter, v: number): void {
  const bits = shortestFloat(v);
  out.byte(bits.length === 2 ? 0xf9 : bits.length === 4 ? 0xfa : 0xfb);
  out.bytes(bits);
}

class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(...bs: number[]): void {
    this.ensure(bs.length);
    for (const b of bs) this.buf[this.len++] = b;
  }

  uint32(n: number): void {
    this.byte((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
