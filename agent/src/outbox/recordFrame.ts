import { crc32 } from "node:zlib";

/** Bytes of framing in front of each record: length (u32 LE) and CRC-32 (u32 LE). */
export const FRAME_HEADER_BYTES = 8;
/** A record larger than this is treated as a torn or corrupt length field. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** One record read back from a segment file. */
export interface FramedRecord {
  readonly type: number;
  readonly body: Uint8Array;
  /** Offset of the record's frame in the file. */
  readonly offset: number;
}

/**
 * Frames a record for the outbox's append-only segment files: `len` (u32 LE, of type + body), then
 * the CRC-32 (ISO-HDLC, as zlib and Ethernet use it) of type + body, then the type byte and the body.
 * The CRC lets recovery tell a complete record from one torn by a crash or power loss.
 */
export function frameRecord(type: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES + 1 + body.length);
  const view = new DataView(out.buffer);
  out[FRAME_HEADER_BYTES] = type;
  out.set(body, FRAME_HEADER_BYTES + 1);
  view.setUint32(0, 1 + body.length, true);
  view.setUint32(4, crc32(out.subarray(FRAME_HEADER_BYTES)), true);
  return out;
}

/**
 * Reads the records of a segment file from the start and stops at the first that is incomplete or
 * fails its CRC: everything from `validLength` on is a torn tail (a write cut short by kill -9 or
 * power loss) that recovery truncates. Records before it were complete when they were fsync'd.
 */
export function scanRecords(file: Uint8Array): { records: FramedRecord[]; validLength: number } {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const records: FramedRecord[] = [];
  let at = 0;
  while (at + FRAME_HEADER_BYTES <= file.length) {
    const len = view.getUint32(at, true);
    if (len < 1 || len > MAX_RECORD_BYTES || at + FRAME_HEADER_BYTES + len > file.length) break;
    const content = file.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + len);
    if (crc32(content) !== view.getUint32(at + 4, true)) break;
    records.push({ type: content[0]!, body: content.subarray(1), offset: at });
    at += FRAME_HEADER_BYTES + len;
  }
  return { records, validLength: at };
}

/**
 * True when a complete record with a good CRC starts anywhere after `from`: what is left after a
 * torn write is a prefix of one append, so a good record behind a bad one means damage, not a tear.
 */
export function hasFrameAfter(file: Uint8Array, from: number): boolean {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  for (let at = from + 1; at + FRAME_HEADER_BYTES < file.length; at++) {
    const len = view.getUint32(at, true);
    if (len < 2 || len > MAX_RECORD_BYTES || at + FRAME_HEADER_BYTES + len > file.length) continue;
    const content = file.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + len);
    if (content[0]! >= 1 && content[0]! <= 16 && crc32(content) === view.getUint32(at + 4, true)) return true;
  }
  return false;
}
