import { TetError } from "../errors.js";

const GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * The canonical text of a 16-byte IPv6 address (RFC 5952 §4): lowercase hex, no leading zeros, the
 * longest run of two or more zero groups (the first of equal runs) written `::`. Pure, with no
 * address library, so that the statement codecs a device loads stay small.
 *
 * @example ipv6ToText(bytes) // "fd54:4554:1::9c1f:2a"
 */
export function ipv6ToText(address: Uint8Array): string {
  if (address.length !== 16)
    throw new TetError("ID_INVALID", `an IPv6 address is 16 bytes, not ${address.length}`);
  const groups = Array.from(
    { length: 8 },
    (_, i) => ((address[2 * i] ?? 0) << 8) | (address[2 * i + 1] ?? 0),
  );
  let best = -1;
  let bestLength = 1; // RFC 5952 §4.2.2: a single zero group is never shortened
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i]; // §4.2.3: the first of equal runs
    i = j === i ? i + 1 : j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":"); // §4.1, §4.3
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLength))}`; // §4.2.1
}

/**
 * Parses IPv6 text in the forms of RFC 4291 §2.2 (1) and (2) — eight hex groups, or fewer with one
 * `::` — into 16 bytes. The embedded-IPv4 form and zone indexes are refused: no TET address has them.
 */
export function ipv6FromText(text: string): Uint8Array {
  const bad = (): never => {
    throw new TetError("ID_INVALID", `not an IPv6 address: ${JSON.stringify(text.slice(0, 60))}`);
  };
  if (text.length > 39) bad();
  const halves = text.split("::");
  if (halves.length > 2) bad();
  const parse = (s: string) =>
    s === "" ? [] : s.split(":").map((g) => (GROUP.test(g) ? Number.parseInt(g, 16) : bad()));
  const head = parse(halves[0] ?? "");
  const tail = halves.length === 2 ? parse(halves[1] ?? "") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) bad();
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** The text of a /64 network from its 8 prefix bytes: `fd54:4554:1::/64`. */
export function prefix64ToText(prefix: Uint8Array): string {
  if (prefix.length !== 8) throw new TetError("ID_INVALID", `a /64 prefix is 8 bytes, not ${prefix.length}`);
  const address = new Uint8Array(16);
  address.set(prefix);
  return `${ipv6ToText(address)}/64`;
}

/** Parses `address/64` into its 8 prefix bytes; refuses another length and set host bits. */
export function prefix64FromText(text: string): Uint8Array {
  const slash = text.indexOf("/");
  if (slash < 0 || text.slice(slash) !== "/64")
    throw new TetError("ID_INVALID", `not a /64 prefix: ${JSON.stringify(text.slice(0, 60))}`);
  const address = ipv6FromText(text.slice(0, slash));
  if (address.subarray(8).some((b) => b !== 0))
    throw new TetError("ID_INVALID", `a /64 prefix has no host bits: ${JSON.stringify(text.slice(0, 60))}`);
  return address.slice(0, 8);
}
