import type { Reading } from "../frame/index.js";
import { REGISTER_TYPES, type RegisterSpec } from "./registerMap.js";

/** A contiguous run of registers of one table, read with one request (at most 125 words). */
export interface RegisterBlock {
  table: "input" | "holding";
  address: number;
  count: number;
  specs: RegisterSpec[];
}

/** Modbus Application Protocol v1.1b3 §6.3/§6.4: at most 125 registers per read. */
const MAX_READ = 125;

/**
 * Groups a map's registers into as few reads as possible: sorted by table and address, merged while
 * the gap is small (reading a few unused registers is cheaper than another round trip on RS-485).
 */
export function planReads(specs: readonly RegisterSpec[], maxGap = 8): RegisterBlock[] {
  const sorted = [...specs].sort((a, b) =>
    a.table === b.table ? a.address - b.address : a.table < b.table ? -1 : 1,
  );
  const blocks: RegisterBlock[] = [];
  for (const s of sorted) {
    const end = s.address + REGISTER_TYPES[s.type];
    const last = blocks.at(-1);
    if (
      last &&
      last.table === s.table &&
      s.address - (last.address + last.count) <= maxGap &&
      end - last.address <= MAX_READ
    ) {
      last.count = Math.max(last.count, end - last.address);
      last.specs.push(s);
    } else blocks.push({ table: s.table, address: s.address, count: end - s.address, specs: [s] });
  }
  return blocks;
}

/** How each type reads from its big-endian bytes. */
const READ: Record<RegisterSpec["type"], (b: Buffer) => number> = {
  uint16: (b) => b.readUInt16BE(0),
  int16: (b) => b.readInt16BE(0),
  uint32: (b) => b.readUInt32BE(0),
  int32: (b) => b.readInt32BE(0),
  // A float32 holds about 7 significant digits: 230.1 V reads 230.1, not 230.10000610351562.
  float32: (b) => Number(b.readFloatBE(0).toPrecision(7)),
  uint64: (b) => Number(b.readBigUInt64BE(0)),
  float64: (b) => b.readDoubleBE(0),
};

/** The value of one register spec from the words of its block (pure). */
export function registerValue(spec: RegisterSpec, words: readonly number[], blockAddress: number): number {
  const n = REGISTER_TYPES[spec.type];
  const at = spec.address - blockAddress;
  const w = words.slice(at, at + n);
  if (spec.wordOrder === "little") w.reverse();
  const b = Buffer.alloc(n * 2);
  for (const [i, x] of w.entries()) b.writeUInt16BE(x & 0xffff, i * 2);
  const raw = READ[spec.type](b);
  // Scaling by a decimal factor: round to the factor's decimals so 2301 × 0.1 reads 230.1, not 230.10000000000002.
  const decimals = Math.max(0, -Math.floor(Math.log10(Math.abs(spec.scale))));
  const v = raw * spec.scale;
  return spec.scale === 1 || spec.type.startsWith("float") ? v : Number(v.toFixed(Math.min(decimals, 12)));
}

/** The readings of one block's words; a non-finite value (a meter's NaN) is left out. */
export function blockReadings(block: RegisterBlock, words: readonly number[]): Reading[] {
  const out: Reading[] = [];
  for (const s of block.specs) {
    const value = registerValue(s, words, block.address);
    if (!Number.isFinite(value)) continue;
    out.push(s.unit === undefined ? { name: s.name, value } : { name: s.name, value, unit: s.unit });
  }
  return out;
}
