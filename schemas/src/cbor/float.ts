/**
 * IEEE 754 helpers for deterministic CBOR floats (RFC 8949 §4.2.2): a float is written in the
 * shortest of half (2 bytes), single (4) or double (8) precision that keeps its exact value, and
 * NaN only as the half 0x7e00. These run for every float of every statement the ingest decodes, so
 * they work on one scratch buffer and allocate nothing but their result.
 */

// One scratch buffer for conversions between numbers and their big-endian bits; every use below is
// synchronous and complete before it returns.
const scratch = new DataView(new ArrayBuffer(8));

/** The width in bytes (2, 4 or 8) of the shortest float that represents `v` exactly; NaN: 2. */
export function floatWidth(v: number): 2 | 4 | 8 {
  if (Number.isNaN(v)) return 2;
  if (toHalf(v) !== undefined) return 2;
  return Math.fround(v) === v ? 4 : 8;
}

export function shortestFloat(v: number): Uint8Array {
  if (Number.isNaN(v)) return Uint8Array.of(0x7e, 0x00);
  const half = toHalf(v);
  if (half !== undefined) return Uint8Array.of(half >> 8, half & 0xff);
  if (Math.fround(v) === v) {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setFloat32(0, v);
    return out;
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, v);
  return out;
}

/** The big-endian float of `size` bytes (2, 4 or 8) at `b[at]`. */
export function readFloat(b: Uint8Array, at: number, size: number): number {
  if (size === 2) return halfToNumber((b[at]! << 8) | b[at + 1]!);
  for (let i = 0; i < size; i++) scratch.setUint8(i, b[at + i]!);
  return size === 4 ? scratch.getFloat32(0) : scratch.getFloat64(0);
}

/**
 * Whether `v`, read from `size` bytes at `b[at]`, was written in its shortest width (NaN only as the
 * half 0x7e00). A non-NaN value has exactly one encoding in each width, so the width settles it.
 */
export function isShortestFloat(v: number, b: Uint8Array, at: number, size: number): boolean {
  if (Number.isNaN(v)) return size === 2 && b[at] === 0x7e && b[at + 1] === 0x00;
  return floatWidth(v) === size;
}

/** Half-precision bits → number. */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** The half-precision bits of `v` when a half represents `v` exactly, else undefined. */
function toHalf(v: number): number | undefined {
  if (Math.fround(v) !== v) return undefined;
  scratch.setFloat32(0, v);
  const bits = scratch.getUint32(0);
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00; // ±Infinity (NaN is handled by the caller)
  if (exp === 0 && mant === 0) return sign; // ±0
  const e = exp - 127 + 15;
  if (e >= 31) return undefined;
  if (e >= 1) return (mant & 0x1fff) === 0 ? sign | (e << 10) | (mant >> 13) : undefined;
  const shift = 14 - e; // subnormal half: m = (1.mant as a 24-bit integer) >> shift
  if (shift > 23) return undefined;
  const full = mant | 0x800000;
  if ((full & ((1 << shift) - 1)) !== 0) return undefined;
  return sign | (full >> shift);
}
