/**
 * IEEE 754 helpers for deterministic CBOR floats (RFC 8949 §4.2.2): a float is written in the
 * shortest of half (2 bytes), single (4) or double (8) precision that keeps its exact value, and
 * NaN only as the half 0x7e00.
 */
export function shortestFloat(v: number): Uint8Array {
  if (Number.isNaN(v)) return Uint8Array.of(0x7e, 0x00);
  const half = toHalf(v);
  if (half !== undefined) return Uint8Array.of(half >> 8, half & 0xff);
  const f32 = new DataView(new ArrayBuffer(4));
  f32.setFloat32(0, v);
  if (f32.getFloat32(0) === v) return new Uint8Array(f32.buffer);
  const f64 = new DataView(new ArrayBuffer(8));
  f64.setFloat64(0, v);
  return new Uint8Array(f64.buffer);
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
  const f32 = new DataView(new ArrayBuffer(4));
  f32.setFloat32(0, v);
  if (f32.getFloat32(0) !== v) return undefined;
  const bits = f32.getUint32(0);
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
