import { readFileSync } from "node:fs";
import { BridgeError } from "../bridgeError.js";

/** Register types: 16-bit words, 32-bit pairs and 64-bit quads, big-endian within each word. */
export const REGISTER_TYPES = {
  uint16: 1,
  int16: 1,
  uint32: 2,
  int32: 2,
  float32: 2,
  uint64: 4,
  float64: 4,
} as const;
export type RegisterType = keyof typeof REGISTER_TYPES;

/** One value of a register map: where it is, how to read it, and what it means. */
export interface RegisterSpec {
  /** The reading's name, e.g. "voltage" (`[A-Za-z][A-Za-z0-9_.-]{0,31}`). */
  name: string;
  /** Modbus function: "input" (0x04, 3xxxx) or "holding" (0x03, 4xxxx). */
  table: "input" | "holding";
  /** Zero-based register address (the protocol address, not the 30001-style number). */
  address: number;
  type: RegisterType;
  /** Multiply the raw value by this (e.g. 0.1 for tenths); default 1. */
  scale: number;
  /** SenML unit (RFC 8428 §12.1), e.g. "V", "A", "W", "kWh", "Cel", "%RH". */
  unit?: string;
  /** "big" (default): the high word first (Modbus convention); "little": the low word first. */
  wordOrder: "big" | "little";
}

/** A device's register map: a name, the default unit id and its registers. */
export interface RegisterMap {
  device: string;
  unitId: number;
  registers: RegisterSpec[];
}

const REGISTER_KEYS = new Set(["name", "table", "address", "type", "scale", "unit", "wordOrder"]);
const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;

function fail(detail: string): never {
  throw new BridgeError("MAP_INVALID", detail);
}

/**
 * Validates a register map (JSON, see firmware-bridge/maps/): every register named, typed, inside
 * the 16-bit address space, with a finite scale; names unique. The map is trusted from here on.
 *
 * @throws BridgeError MAP_INVALID naming the first defect.
 */
export function parseRegisterMap(json: unknown): RegisterMap {
  if (typeof json !== "object" || json === null) fail("not an object");
  const j = json as Record<string, unknown>;
  for (const k of Object.keys(j))
    if (!["device", "unitId", "registers", "source"].includes(k)) fail(`unknown key ${k}`);
  if (typeof j.device !== "string" || j.device === "") fail("device: a name is needed");
  const unitId = j.unitId ?? 1;
  if (typeof unitId !== "number" || !Number.isInteger(unitId) || unitId < 0 || unitId > 247)
    fail("unitId: 0..247");
  if (!Array.isArray(j.registers) || j.registers.length === 0) fail("registers: a non-empty array is needed");
  const seen = new Set<string>();
  const registers = j.registers.map((r: Record<string, unknown>, i): RegisterSpec => {
    const at = `registers[${i}]`;
    // A misspelt key ("sacle") would silently read the wrong value: refuse it.
    for (const k of Object.keys(r)) if (!REGISTER_KEYS.has(k)) fail(`${at}: unknown key ${k}`);
    if (typeof r.name !== "string" || !NAME.test(r.name)) fail(`${at}.name`);
    if (seen.has(r.name)) fail(`${at}.name ${r.name} twice`);
    seen.add(r.name);
    const table = r.table ?? "input";
    if (table !== "input" && table !== "holding") fail(`${at}.table: input or holding`);
    if (typeof r.type !== "string" || !(r.type in REGISTER_TYPES))
      fail(`${at}.type: ${Object.keys(REGISTER_TYPES).join(", ")}`);
    const type = r.type as RegisterType;
    const address = r.address;
    if (
      typeof address !== "number" ||
      !Number.isInteger(address) ||
      address < 0 ||
      address + REGISTER_TYPES[type] > 0x10000
    )
      fail(`${at}.address: 0..65535`);
    const scale = r.scale ?? 1;
    if (typeof scale !== "number" || !Number.isFinite(scale) || scale === 0)
      fail(`${at}.scale: a finite non-zero number`);
    const wordOrder = r.wordOrder ?? "big";
    if (wordOrder !== "big" && wordOrder !== "little") fail(`${at}.wordOrder: big or little`);
    if (r.unit !== undefined && (typeof r.unit !== "string" || r.unit.length === 0 || r.unit.length > 16))
      fail(`${at}.unit`);
    const spec: RegisterSpec = { name: r.name, table, address, type, scale, wordOrder };
    if (typeof r.unit === "string") spec.unit = r.unit;
    return spec;
  });
  return { device: j.device, unitId, registers };
}

/** Reads and validates a register map file. */
export function loadRegisterMap(path: string): RegisterMap {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new BridgeError("MAP_INVALID", `${path}: ${(e as Error).message}`, { cause: e });
  }
  return parseRegisterMap(json);
}

/** The ready maps shipped in firmware-bridge/maps/, by file name without `.json`. */
export function readyMapPath(name: string): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new BridgeError("MAP_INVALID", `no ready map ${name}`);
  return new URL(`../../maps/${name}.json`, import.meta.url).pathname;
}
