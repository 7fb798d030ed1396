import { bytesEqual, encode } from "@tet/schemas/device";
import { AgentError } from "../errors.js";

/**
 * A device statement's payload with `seq` and `prev` set, made from its draft payload (the
 * statement encoded once, with placeholders: see `encodeDraft`) by replacing the two values where
 * they are. Deterministic encoding (RFC 8949 §4.2.1) orders map entries by their keys' bytes, and
 * the keys do not change, so the result is byte for byte what encoding the statement with these
 * values would give — without validating and encoding it again for each place in the chain.
 */
export function placeInChain(payload: Uint8Array, seq: number, prev: Uint8Array): Uint8Array {
  const { seq: s, prev: p } = chainSpans(payload);
  if (p.start < s.start) throw corrupt("prev before seq"); // RFC 8949 §4.2.1 orders "seq" before "prev"
  const before = payload.subarray(0, s.start);
  const between = payload.subarray(s.end, p.start);
  const parts = [before, encode(seq), between, encode(prev), payload.subarray(p.end)];
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of parts) {
    out.set(x, at);
    at += x.length;
  }
  return out;
}

interface Span {
  start: number;
  end: number;
}

const SEQ = new TextEncoder().encode("seq");
const PREV = new TextEncoder().encode("prev");

// Where the values of the top-level keys `seq` and `prev` lie in a payload's bytes.
function chainSpans(b: Uint8Array): { seq: Span; prev: Span } {
  const map = head(b, 0);
  if (map.major !== 5) throw corrupt("not a map");
  let at = map.next;
  let seq: Span | undefined;
  let prev: Span | undefined;
  for (let i = 0; i < map.arg; i++) {
    const key = head(b, at);
    const keyEnd = itemEnd(b, at);
    const valueEnd = itemEnd(b, keyEnd);
    const name = key.major === 3 ? b.subarray(key.next, keyEnd) : undefined;
    if (name && bytesEqual(name, SEQ)) seq = { start: keyEnd, end: valueEnd };
    if (name && bytesEqual(name, PREV)) prev = { start: keyEnd, end: valueEnd };
    at = valueEnd;
  }
  if (at !== b.length || !seq || !prev) throw corrupt("no seq and prev at the top");
  return { seq, prev };
}

// The offset after the data item at `at`. Deterministic encoding has definite lengths only.
function itemEnd(b: Uint8Array, at: number): number {
  const { major, arg, next } = head(b, at);
  let end = next;
  if (major === 2 || major === 3) end = next + arg;
  else if (major === 4 || major === 5)
    for (let i = 0; i < arg * (major === 5 ? 2 : 1); i++) end = itemEnd(b, end);
  else if (major === 6) end = itemEnd(b, next);
  if (end > b.length) throw corrupt("truncated");
  return end; // majors 0, 1 and 7: the head is the whole item (a float's bits are its argument)
}

// RFC 8949 §3: the initial byte's major type and additional information, and the argument after it.
function head(b: Uint8Array, at: number): { major: number; arg: number; next: number } {
  const first = b[at];
  if (first === undefined) throw corrupt("truncated");
  const major = first >> 5;
  const info = first & 0x1f;
  if (info < 24) return { major, arg: info, next: at + 1 };
  const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
  if (size === 0 || at + 1 + size > b.length) throw corrupt("indefinite or reserved length");
  let arg = 0;
  for (let i = 1; i <= size; i++) arg = arg * 256 + b[at + i]!;
  return { major, arg, next: at + 1 + size };
}

const corrupt = (why: string) => new AgentError("OUTBOX_CORRUPT", `draft payload: ${why}`);
