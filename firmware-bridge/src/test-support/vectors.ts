import { readFileSync } from "node:fs";
import { fromHex, hex } from "@tet/schemas/device";
import type { Message, ReadingValue } from "../frame/index.js";

/** A message as the vector files spell it: byte strings in hex. */
export type JsonMessage =
  | Exclude<Message, { type: "statement" | "down" | "login" }>
  | { type: "statement" | "down"; bytes: string }
  | { type: "login"; ts: number; nonce: string };

/** The shared vector file (firmware-bridge/vectors/frames.json), read by the TypeScript and C tests. */
export interface Vectors {
  crc32: { input: string; crc: string; source: string }[];
  cobs: { raw: string; encoded: string; source: string }[];
  frames: { name: string; message: JsonMessage; wire: string }[];
  /** Byte streams and what each delimited frame in them decodes to: "ok" or a FRAME_* code. */
  streams: { name: string; wire: string; results: string[]; c: string[] }[];
}

export const VECTORS_URL = new URL("../../vectors/frames.json", import.meta.url);

export function loadVectors(): Vectors {
  return JSON.parse(readFileSync(VECTORS_URL, "utf8")) as Vectors;
}

export function fromJson(m: JsonMessage): Message {
  if (m.type === "statement" || m.type === "down") return { type: m.type, bytes: fromHex(m.bytes) };
  if (m.type === "login") return { type: "login", ts: m.ts, nonce: fromHex(m.nonce) };
  return m as Message;
}

export function toJson(m: Message): JsonMessage {
  if (m.type === "statement" || m.type === "down") return { type: m.type, bytes: hex(m.bytes) };
  if (m.type === "login") return { type: "login", ts: m.ts, nonce: hex(m.nonce) };
  return m;
}

const h = (s: string) => Buffer.from(s, "utf8").toString("hex");
function value(v: ReadingValue): string {
  if (typeof v === "number") {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v);
    return `n ${b.toString("hex")}`;
  }
  return typeof v === "string" ? `s ${h(v)}` : `b ${v ? 1 : 0}`;
}

/** The command line tb_vectors (c/test/tb_vectors.c) answers with the frame for `m`. */
export function cCommand(m: Message): string {
  const r = (x: { name: string; unit?: string; value: ReadingValue }) =>
    `${h(x.name)} ${x.unit === undefined ? "-" : h(x.unit)} ${value(x.value)}`;
  switch (m.type) {
    case "hello":
      return `hello ${h(m.firmware)} ${h(m.device)} ${m.sensors.length} ${m.sensors.map(h).join(" ")}`.trim();
    case "reading":
      return `reading ${r(m.reading)}`;
    case "batch":
      return `batch ${m.readings.length} ${m.readings.map(r).join(" ")}`;
    case "event":
      return m.value === undefined ? `event ${h(m.name)}` : `event ${h(m.name)} ${value(m.value)}`;
    case "statement":
      return `statement ${hex(m.bytes)}`;
    default:
      throw new Error(`the C encoder does not write ${m.type} (a host → MCU message)`);
  }
}
