/**
 * Consistent Overhead Byte Stuffing (Cheshire & Baker, IEEE/ACM ToN 7(2), 1999): rewrites `data` so it
 * contains no zero byte, at a cost of one byte per 254 (plus one). A zero then delimits frames on the
 * wire, so a receiver that lost bytes resynchronises at the next zero.
 */
export function cobsEncode(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + Math.floor(data.length / 254) + 1);
  let codeAt = 0;
  let o = 1;
  let code = 1;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b === 0) {
      out[codeAt] = code;
      codeAt = o++;
      code = 1;
      continue;
    }
    out[o++] = b;
    // A full block of 254 data bytes has no implied zero; a new block starts only if data follows.
    if (++code === 0xff && i + 1 < data.length) {
      out[codeAt] = code;
      codeAt = o++;
      code = 1;
    }
  }
  out[codeAt] = code;
  return out.subarray(0, o);
}

/**
 * Reverses `cobsEncode`; undefined when `enc` is not valid COBS (a zero byte inside, or a code byte
 * that points past the end) — the caller counts that as a damaged frame.
 */
export function cobsDecode(enc: Uint8Array): Uint8Array | undefined {
  const out = new Uint8Array(enc.length);
  let i = 0;
  let o = 0;
  while (i < enc.length) {
    const code = enc[i]!;
    if (code === 0 || i + code > enc.length) return undefined;
    for (let k = 1; k < code; k++) {
      const b = enc[i + k]!;
      if (b === 0) return undefined;
      out[o++] = b;
    }
    i += code;
    // A block shorter than 254 data bytes ends with an implied zero, except the last one.
    if (code < 0xff && i < enc.length) out[o++] = 0;
  }
  return out.subarray(0, o);
}
