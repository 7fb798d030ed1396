import { TetError, type TetErrorCode } from "../errors.js";
import { isShortestFloat, readFloat } from "./float.js";
import { type CborValue, Tagged } from "./types.js";

/** Limits for decoding untrusted bytes. */
export interface DecodeOptions {
  /** Refuse input longer than this many bytes (checked before anything is parsed). Default 64 KiB. */
  maxBytes?: number;
  /** Refuse arrays, maps and tags nested deeper than this. Default 16. */
  maxDepth?: number;
  /** Tags that may appear; any other tag is refused. Default: 18 (COSE_Sign1) only. */
  tags?: readonly number[];
  /**
   * Byte strings as views into `input` instead of copies (default false). Much less garbage when
   * decoding large inputs (a bundle of 100,000 statements); only for callers that keep `input`
   * alive and unchanged for as long as they use what was decoded.
   */
  views?: boolean;
}

export const DEFAULT_MAX_BYTES = 64 * 1024;
export const DEFAULT_MAX_DEPTH = 16;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes one CBOR item from untrusted bytes and refuses anything that is not deterministically
 * encoded (RFC 8949 §4.2.1) — so a decoded value re-encodes to exactly the input. Each defect has
 * its own code: CBOR_TOO_LARGE, CBOR_TRUNCATED, CBOR_TRAILING_BYTES, CBOR_INDEFINITE_LENGTH,
 * CBOR_DUPLICATE_KEY, CBOR_UNSORTED_KEYS, CBOR_NON_MINIMAL, CBOR_TOO_DEEP, CBOR_UNSUPPORTED,
 * CBOR_INVALID_UTF8. Maps decode to `Map` with integer or text keys.
 *
 * @throws TetError with one of the codes above; never any other exception.
 */
export function decodeStrict(input: Uint8Array, options: DecodeOptions = {}): CborValue {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (input.length > maxBytes) fail("CBOR_TOO_LARGE", `${input.length} > ${maxBytes} bytes`, 0);
  const reader = new Reader(
    input,
    options.maxDepth ?? DEFAULT_MAX_DEPTH,
    options.tags ?? [18],
    options.views ?? false,
  );
  const value = reader.item(0);
  if (reader.pos !== input.length)
    fail("CBOR_TRAILING_BYTES", `${input.length - reader.pos} bytes`, reader.pos);
  return value;
}

function fail(code: TetErrorCode, detail: string, at: number): never {
  throw new TetError(code, `${detail} at byte ${at}`, { at });
}

class Reader {
  pos = 0;
  constructor(
    private readonly buf: Uint8Array,
    private readonly maxDepth: number,
    private readonly tags: readonly number[],
    private readonly views: boolean,
  ) {}

  private need(n: number): void {
    if (this.pos + n > this.buf.length) fail("CBOR_TRUNCATED", `need ${n} more bytes`, this.pos);
  }

  private u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  /** Reads the argument of a head (RFC 8949 §3) and checks it is in its shortest form (§4.2.1). */
  private argument(info: number, start: number): number | bigint {
    if (info < 24) return info;
    if (info === 31) fail("CBOR_INDEFINITE_LENGTH", "indefinite length", start);
    if (info > 27) fail("CBOR_UNSUPPORTED", `reserved additional information ${info}`, start);
    const size = 1 << (info - 24);
    this.need(size);
    const b = this.buf;
    const p = this.pos;
    this.pos += size;
    let v: number | bigint;
    if (size === 1) v = b[p]!;
    else if (size === 2) v = (b[p]! << 8) | b[p + 1]!;
    else if (size === 4) v = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
    else {
      const hi = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
      const lo = ((b[p + 4]! << 24) | (b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!) >>> 0;
      if (hi === 0) fail("CBOR_NON_MINIMAL", `argument ${lo} in 8 bytes`, start);
      const big = (BigInt(hi) << 32n) | BigInt(lo);
      return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    // RFC 8949 §4.2.1: the smallest value that needs this width (24 for one byte, 2^8, 2^16).
    const min = size === 1 ? 24 : 2 ** (4 * size);
    if (v < min) fail("CBOR_NON_MINIMAL", `argument ${v} in ${size} bytes`, start);
    return v;
  }

  private length(info: number, start: number): number {
    const n = this.argument(info, start);
    if (typeof n === "bigint" || n > this.buf.length - this.pos) fail("CBOR_TRUNCATED", `length ${n}`, start);
    return n;
  }

  item(depth: number): CborValue {
    const start = this.pos;
    const head = this.u8();
    const major = head >> 5;
    const info = head & 0x1f;
    switch (major) {
      case 0:
        return this.argument(info, start);
      case 1: {
        const n = this.argument(info, start);
        return typeof n === "number" && n < Number.MAX_SAFE_INTEGER ? -1 - n : toInt(-1n - BigInt(n));
      }
      case 2: {
        const n = this.length(info, start);
        this.pos += n;
        // A copy is a plain Uint8Array even when the input is a Buffer (whose own slice is a view).
        return this.views
          ? this.buf.subarray(this.pos - n, this.pos)
          : copyRange(this.buf, this.pos - n, this.pos);
      }
      case 3: {
        const n = this.length(info, start);
        this.pos += n;
        return this.text(this.pos - n, this.pos, start);
      }
      case 4: {
        if (depth >= this.maxDepth) fail("CBOR_TOO_DEEP", `depth ${depth + 1}`, start);
        const n = this.length(info, start);
        const out: CborValue[] = [];
        for (let i = 0; i < n; i++) out.push(this.item(depth + 1));
        return out;
      }
      case 5:
        return this.map(info, start, depth);
      case 6: {
        if (depth >= this.maxDepth) fail("CBOR_TOO_DEEP", `depth ${depth + 1}`, start);
        const tag = this.argument(info, start);
        if (typeof tag !== "number" || !this.tags.includes(tag))
          fail("CBOR_UNSUPPORTED", `tag ${tag}`, start);
        return new Tagged(Number(tag), this.item(depth + 1));
      }
      default:
        return this.simple(info, start);
    }
  }

  /** UTF-8 text; short ASCII strings (field names, units) skip TextDecoder, which costs more than them. */
  private text(from: number, to: number, start: number): string {
    const b = this.buf;
    if (to - from <= 32) {
      // Built char by char: no view, array or iterator is allocated for it (this runs for every
      // map key of every statement the ingest decodes).
      let s = "";
      let i = from;
      for (; i < to; i++) {
        const c = b[i]!;
        if (c >= 0x80) break;
        s += String.fromCharCode(c);
      }
      if (i === to) return s;
    }
    try {
      return utf8.decode(b.subarray(from, to));
    } catch {
      return fail("CBOR_INVALID_UTF8", "text string", start);
    }
  }

  private map(info: number, start: number, depth: number): Map<CborValue, CborValue> {
    if (depth >= this.maxDepth) fail("CBOR_TOO_DEEP", `depth ${depth + 1}`, start);
    const n = this.length(info, start);
    const out = new Map<CborValue, CborValue>();
    // Keys are compared as encoded bytes (bytewise lexicographic order, RFC 8949 §4.2.1), in place.
    let prevStart = -1;
    let prevEnd = -1;
    for (let i = 0; i < n; i++) {
      const keyStart = this.pos;
      const key = this.item(depth + 1);
      if (typeof key !== "string" && typeof key !== "number" && typeof key !== "bigint") {
        fail("CBOR_UNSUPPORTED", "map keys are integers or text", keyStart);
      }
      if (prevStart >= 0) {
        const order = compareRanges(this.buf, prevStart, prevEnd, keyStart, this.pos);
        if (order === 0) fail("CBOR_DUPLICATE_KEY", JSON.stringify(String(key)), keyStart);
        if (order > 0) fail("CBOR_UNSORTED_KEYS", JSON.stringify(String(key)), keyStart);
      }
      prevStart = keyStart;
      prevEnd = this.pos;
      out.set(key, this.item(depth + 1));
    }
    return out;
  }

  private simple(info: number, start: number): CborValue {
    if (info === 20) return false;
    if (info === 21) return true;
    if (info === 22) return null;
    if (info === 31) fail("CBOR_INDEFINITE_LENGTH", "break outside an indefinite item", start);
    if (info < 25 || info > 27) fail("CBOR_UNSUPPORTED", `simple value ${info}`, start);
    const size = 1 << (info - 24); // 2, 4 or 8 bytes
    this.need(size);
    const at = this.pos;
    const v = readFloat(this.buf, at, size);
    this.pos += size;
    if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
      fail("CBOR_NON_MINIMAL", "an integral value encoded as a float", start);
    }
    // RFC 8949 §4.2.2: a float must be in the shortest width that preserves its value.
    if (!isShortestFloat(v, this.buf, at, size)) fail("CBOR_NON_MINIMAL", `float in ${size} bytes`, start);
    return v;
  }
}

/** A copy of `b[from..to)` as a plain Uint8Array (a Buffer's own `slice` would return a view). */
function copyRange(b: Uint8Array, from: number, to: number): Uint8Array {
  const out = new Uint8Array(to - from);
  if (to - from <= 64) for (let i = from; i < to; i++) out[i - from] = b[i]!;
  else out.set(b.subarray(from, to));
  return out;
}

/** Bytewise lexicographic comparison of `b[a0..a1)` and `b[c0..c1)`, without views. */
function compareRanges(b: Uint8Array, a0: number, a1: number, c0: number, c1: number): number {
  const n = Math.min(a1 - a0, c1 - c0);
  for (let i = 0; i < n; i++) {
    const d = b[a0 + i]! - b[c0 + i]!;
    if (d !== 0) return d;
  }
  return a1 - a0 - (c1 - c0);
}

function toInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
