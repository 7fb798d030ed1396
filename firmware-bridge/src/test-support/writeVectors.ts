// Writes firmware-bridge/vectors/frames.json (run once: node --conditions=@tet/source --import tsx
// firmware-bridge/src/test-support/writeVectors.ts). The file is a versioned fixture: the TypeScript
// and C tests both check against it, so a change to the wire format shows up as a diff here.
import { writeFileSync } from "node:fs";
import { hex, nobleSigner, signStatement } from "@tet/schemas";
import { cobsEncode, crc32, encodeFrame, MESSAGE_TYPES, type Message } from "../frame/index.js";
import { toJson, VECTORS_URL, type Vectors } from "./vectors.js";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const wiki = "Wikipedia, Consistent Overhead Byte Stuffing, encoding examples";
const cobs: [number[], number[]][] = [
  [[0x00], [0x01, 0x01]],
  [
    [0x00, 0x00],
    [0x01, 0x01, 0x01],
  ],
  [
    [0x00, 0x11, 0x00],
    [0x01, 0x02, 0x11, 0x01],
  ],
  [
    [0x11, 0x22, 0x00, 0x33],
    [0x03, 0x11, 0x22, 0x02, 0x33],
  ],
  [
    [0x11, 0x22, 0x33, 0x44],
    [0x05, 0x11, 0x22, 0x33, 0x44],
  ],
  [
    [0x11, 0x00, 0x00, 0x00],
    [0x02, 0x11, 0x01, 0x01, 0x01],
  ],
  [range(1, 254), [0xff, ...range(1, 254)]],
  [
    [0, ...range(1, 254)],
    [0x01, 0xff, ...range(1, 254)],
  ],
  [range(1, 255), [0xff, ...range(1, 254), 0x02, 0xff]],
  [
    [...range(2, 255), 0],
    [0xff, ...range(2, 255), 0x01, 0x01],
  ],
  [
    [...range(3, 255), 0, 1],
    [0xfe, ...range(3, 255), 0x02, 0x01],
  ],
];

const statement = signStatement(
  {
    v: 1,
    t: "state",
    ts: 1_790_000_000_000,
    obj: new Uint8Array(16).fill(3),
    seq: 1,
    prev: new Uint8Array(32),
    readings: { temperature: { v: 21.5, u: "Cel" } },
  },
  nobleSigner(new Uint8Array(32).fill(7)),
);

const frames: [string, Message][] = [
  [
    "hello",
    { type: "hello", firmware: "1.4.2", device: "TB-ENV-0042", sensors: ["temperature", "humidity"] },
  ],
  ["hello without sensors", { type: "hello", firmware: "0.1", device: "x", sensors: [] }],
  ["reading, half float", { type: "reading", reading: { name: "temperature", value: 21.5, unit: "Cel" } }],
  [
    "reading, single float",
    { type: "reading", reading: { name: "humidity", value: 48.099998474121094, unit: "%RH" } },
  ],
  ["reading, double float", { type: "reading", reading: { name: "voltage", value: 230.1, unit: "V" } }],
  ["reading, integer", { type: "reading", reading: { name: "energy", value: 1_234_567, unit: "Wh" } }],
  ["reading, negative integer", { type: "reading", reading: { name: "t_out", value: -12 } }],
  ["reading, big integer", { type: "reading", reading: { name: "pulses", value: 2 ** 40 + 7 } }],
  ["reading, negative float", { type: "reading", reading: { name: "t_out", value: -0.5, unit: "Cel" } }],
  ["reading, text", { type: "reading", reading: { name: "state", value: "open" } }],
  ["reading, boolean", { type: "reading", reading: { name: "occupied", value: true } }],
  [
    "batch",
    {
      type: "batch",
      readings: [
        { name: "temperature", value: 21.5, unit: "Cel" },
        { name: "humidity", value: 48, unit: "%RH" },
        { name: "co2", value: 612, unit: "ppm" },
        { name: "occupied", value: false },
      ],
    },
  ],
  [
    "batch, integer head boundaries (RFC 8949 §4.2.1)",
    {
      type: "batch",
      readings: [23, 24, 255, 256, 65_535, 65_536, 4_294_967_295, 4_294_967_296, -24, -25].map(
        (value, i) => ({
          name: `b${i}`,
          value,
        }),
      ),
    },
  ],
  [
    "reading, 23- and 24-byte texts",
    { type: "reading", reading: { name: "abcdefghijklmnopqrstuvw", value: "abcdefghijklmnopqrstuvwx" } },
  ],
  ["event", { type: "event", name: "door-open" }],
  ["event with value", { type: "event", name: "fault", value: "E42" }],
  ["statement (pass-through)", { type: "statement", bytes: statement }],
  ["login (host → MCU)", { type: "login", ts: 1_790_000_000_000, nonce: new Uint8Array(16).fill(0xab) }],
];

const wireOf = (raw: number[]) => {
  const r = new Uint8Array(raw.length + 4);
  r.set(raw);
  new DataView(r.buffer).setUint32(raw.length, crc32(r, 0, raw.length), true);
  return hex(cobsEncode(r));
};
const reading = hex(encodeFrame(frames[2]![1]));
const badCrc = Buffer.from(reading, "hex");
badCrc.writeUInt8(badCrc.readUInt8(5) ^ 0x01, 5);
const unsortedKeys = [0xa2, 0x61, 0x76, 0x01, 0x61, 0x6e, 0x61, 0x78]; // {"v":1,"n":"x"}
const streams: Vectors["streams"] = [
  { name: "two frames back to back", wire: reading + reading, results: ["ok", "ok"], c: ["ok", "ok"] },
  { name: "leading delimiters are ignored", wire: `0000${reading}`, results: ["ok"], c: ["ok"] },
  { name: "a flipped bit", wire: badCrc.toString("hex"), results: ["FRAME_CRC"], c: ["FRAME_CRC"] },
  {
    name: "noise, then a frame",
    wire: `a1b2c300${reading}`,
    results: ["FRAME_COBS", "ok"],
    c: ["FRAME_COBS", "ok"],
  },
  {
    name: "truncated frame, then a frame",
    wire: `${reading.slice(0, 20)}00${reading}`,
    results: ["FRAME_COBS", "ok"],
    c: ["FRAME_COBS", "ok"],
  },
  {
    name: "too short",
    wire: "03010200" /* COBS of 01 02: no room for a CRC */,
    results: ["FRAME_SHORT"],
    c: ["FRAME_SHORT"],
  },
  {
    name: "version 2",
    wire: `${wireOf([2, 0x02, 0xa0])}00`,
    results: ["FRAME_VERSION"],
    c: ["FRAME_VERSION"],
  },
  { name: "unknown type", wire: `${wireOf([1, 0x42, 0xa0])}00`, results: ["FRAME_TYPE"], c: ["FRAME_TYPE"] },
  {
    name: "too large, then a frame",
    wire: `${"11".repeat(3000)}00${reading}`,
    results: ["FRAME_TOO_LARGE", "ok"],
    c: ["FRAME_TOO_LARGE", "ok"],
  },
  {
    name: "payload keys out of order (C checks frames only)",
    wire: `${wireOf([1, MESSAGE_TYPES.reading, ...unsortedKeys])}00`,
    results: ["FRAME_PAYLOAD"],
    c: ["ok"],
  },
];

const vectors: Vectors = {
  crc32: [
    {
      input: hex(Buffer.from("123456789")),
      crc: "cbf43926",
      source: "CRC-32/ISO-HDLC check value (reveng catalogue)",
    },
    { input: "", crc: "00000000", source: "empty input" },
    {
      input: hex(Buffer.from("The quick brown fox jumps over the lazy dog")),
      crc: "414fa339",
      source: "zlib crc32",
    },
  ],
  cobs: cobs.map(([raw, enc]) => ({
    raw: hex(Uint8Array.from(raw)),
    encoded: hex(Uint8Array.from(enc)),
    source: wiki,
  })),
  frames: frames.map(([name, m]) => ({ name, message: toJson(m), wire: hex(encodeFrame(m)) })),
  streams,
};
writeFileSync(VECTORS_URL, `${JSON.stringify(vectors, null, 2)}\n`);
