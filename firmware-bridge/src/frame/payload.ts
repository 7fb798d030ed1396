import { type CborValue, decodeSign1, decodeStrict, encode } from "@tet/schemas";
import { BridgeError } from "../bridgeError.js";
import { MAX_BATCH, MAX_PAYLOAD_BYTES, type Message, type Reading, type ReadingValue } from "./message.js";

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/; // the names a `state` statement accepts
const utf8 = new TextEncoder();

function bad(detail: string): never {
  throw new BridgeError("FRAME_PAYLOAD", detail);
}

function text(v: CborValue | undefined, what: string, max: number, min = 1): string {
  if (typeof v !== "string") bad(`${what} is not a text`);
  const n = utf8.encode(v).length;
  if (n < min || n > max) bad(`${what} has ${n} bytes (${min}..${max})`);
  return v;
}

function name(v: CborValue | undefined, what: string): string {
  const s = text(v, what, 32);
  if (!NAME.test(s)) bad(`${what} ${JSON.stringify(s)} is not a name`);
  return s;
}

function value(v: CborValue | undefined, what: string): ReadingValue {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") return text(v, what, 256, 0);
  if (typeof v === "number" && Number.isFinite(v)) return v;
  return bad(`${what} is not a finite number, text or boolean`);
}

/** Reads a map with exactly the allowed text keys; `decodeStrict` already refused duplicates and disorder. */
function fields(
  v: CborValue,
  what: string,
  required: string[],
  optional: string[] = [],
): Map<string, CborValue> {
  if (!(v instanceof Map)) bad(`${what} is not a map`);
  for (const k of v.keys())
    if (typeof k !== "string" || !(required.includes(k) || optional.includes(k)))
      bad(`${what} has key ${String(k)}`);
  for (const k of required) if (!v.has(k)) bad(`${what} lacks ${k}`);
  return v as Map<string, CborValue>;
}

function reading(v: CborValue, what: string): Reading {
  const m = fields(v, what, ["n", "v"], ["u"]);
  const r: Reading = { name: name(m.get("n"), `${what}.n`), value: value(m.get("v"), `${what}.v`) };
  if (m.has("u")) r.unit = text(m.get("u"), `${what}.u`, 16);
  return r;
}

function readingCbor(r: Reading): CborValue {
  return { n: r.name, v: r.value, ...(r.unit === undefined ? {} : { u: r.unit }) };
}

function sign1(bytes: Uint8Array): Uint8Array {
  try {
    decodeSign1(bytes, { maxBytes: MAX_PAYLOAD_BYTES }); // RFC 9052 §4.2 shape; the backend checks the signature
  } catch (e) {
    throw new BridgeError("FRAME_PAYLOAD", `not a COSE_Sign1: ${(e as Error).message}`, { cause: e });
  }
  return bytes;
}

/**
 * Decodes and validates one frame payload of a known type (PROTOCOL.md §3): strict deterministic
 * CBOR (RFC 8949 §4.2.1) and the message's exact shape. Statements (pass-through) and down messages
 * stay the bytes received: they are checked to be a COSE_Sign1 and never re-encoded.
 *
 * @throws BridgeError FRAME_PAYLOAD on any defect.
 */
export function decodePayload(type: Message["type"], payload: Uint8Array): Message {
  if (type === "statement" || type === "down") return { type, bytes: sign1(payload) };
  let v: CborValue;
  try {
    v = decodeStrict(payload, { maxBytes: MAX_PAYLOAD_BYTES, maxDepth: 4, tags: [] });
  } catch (e) {
    throw new BridgeError("FRAME_PAYLOAD", (e as Error).message, { cause: e });
  }
  switch (type) {
    case "hello": {
      const m = fields(v, "hello", ["s", "fw", "id"]);
      const s = m.get("s");
      if (!Array.isArray(s) || s.length > 64) bad("hello.s is not an array of at most 64 names");
      const sensors = s.map((x, i) => name(x, `hello.s[${i}]`));
      return {
        type,
        firmware: text(m.get("fw"), "hello.fw", 32),
        device: text(m.get("id"), "hello.id", 64),
        sensors,
      };
    }
    case "reading":
      return { type, reading: reading(v, "reading") };
    case "batch":
      if (!Array.isArray(v) || v.length === 0 || v.length > MAX_BATCH)
        bad(`batch is not an array of 1..${MAX_BATCH}`);
      return { type, readings: v.map((x, i) => reading(x, `batch[${i}]`)) };
    case "event": {
      const m = fields(v, "event", ["e"], ["v"]);
      const e = name(m.get("e"), "event.e");
      return m.has("v") ? { type, name: e, value: value(m.get("v"), "event.v") } : { type, name: e };
    }
    case "login": {
      const m = fields(v, "login", ["n", "t"]);
      const nonce = m.get("n");
      const ts = m.get("t");
      if (!(nonce instanceof Uint8Array) || nonce.length !== 16) bad("login.n is not 16 bytes");
      if (typeof ts !== "number" || !Number.isSafeInteger(ts) || ts < 0) bad("login.t is not a time in ms");
      return { type, ts, nonce };
    }
  }
}

/** The deterministic CBOR payload of a message (the inverse of `decodePayload`). */
export function encodePayload(m: Message): Uint8Array {
  switch (m.type) {
    case "statement":
    case "down":
      return m.bytes;
    case "hello":
      return encode({ s: m.sensors, fw: m.firmware, id: m.device });
    case "reading":
      return encode(readingCbor(m.reading));
    case "batch":
      return encode(m.readings.map(readingCbor));
    case "event":
      return encode(m.value === undefined ? { e: m.name } : { e: m.name, v: m.value });
    case "login":
      return encode({ n: m.nonce, t: m.ts });
  }
}
