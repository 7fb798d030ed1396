import {
  closeSync,
  copyFileSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { decodeRecord, encodeRecord, type OutboxRecord } from "./outboxRecord.js";
import { frameRecord, hasFrameAfter, scanRecords } from "./recordFrame.js";

const NAME = /^outbox-(\d{8})\.log$/;
const nameOf = (n: number) => `outbox-${String(n).padStart(8, "0")}.log`;

/**
 * One append-only segment file of the outbox. A segment is born whole: its first records are
 * written to a temporary file, fsync'd and renamed into place (rename is atomic on POSIX file
 * systems), and the directory is fsync'd so the name survives power loss. After that records are
 * only ever appended; `sync` is the fsync that makes them count as stored.
 */
export class SegmentFile {
  private constructor(
    readonly dir: string,
    readonly number: number,
    private fd: number,
    /** Bytes in the file. */
    public bytes: number,
  ) {}

  /** Writes a new segment holding the records framed in `frames` and returns it open for appending. */
  static create(dir: string, number: number, frames: readonly Uint8Array[]): SegmentFile {
    const tmp = join(dir, `${nameOf(number)}.tmp`);
    const fd = openSync(tmp, "w", 0o600);
    let bytes = 0;
    for (const f of frames) bytes += writeSync(fd, f);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, join(dir, nameOf(number)));
    syncDir(dir);
    return new SegmentFile(dir, number, openSync(join(dir, nameOf(number)), "a"), bytes);
  }

  /**
   * Opens the newest segment in `dir`, truncating a torn tail left by kill -9 or power loss, and
   * returns it with its records; removes older segments and leftover temporary files. With no
   * segment, creates one holding `fresh`. Damage that no torn write explains — a record that fails its
   * CRC with intact ones after it, a record that does not decode, a first record that is no snapshot —
   * keeps a copy of the file (`damage.kept`) and continues from the records before it (none: `fresh`).
   */
  static open(
    dir: string,
    fresh: OutboxRecord,
  ): { segment: SegmentFile; records: { r: OutboxRecord; size: number }[]; damage: SegmentDamage | null } {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const names = readdirSync(dir);
    const numbers = names
      .flatMap((n) => (NAME.test(n) ? [Number(NAME.exec(n)![1])] : []))
      .sort((a, b) => a - b);
    for (const n of names) if (n.endsWith(".tmp")) unlinkSync(join(dir, n));
    const latest = numbers.pop();
    const created = (number: number, damage: SegmentDamage | null) => {
      const f = frameOf(fresh);
      return {
        segment: SegmentFile.create(dir, number, [f]),
        records: [{ r: fresh, size: f.length }],
        damage,
      };
    };
    if (latest === undefined) return created(1, null);
    for (const n of numbers) unlinkSync(join(dir, nameOf(n)));
    const path = join(dir, nameOf(latest));
    const file = new Uint8Array(readFileSync(path));
    const { records, end, damagedAt } = readRecords(file);
    let damage: SegmentDamage | null = null;
    if (damagedAt !== undefined) {
      damage = { offset: damagedAt, fileBytes: file.length, kept: `${path}.damaged-${Date.now()}` };
      copyFileSync(path, damage.kept);
    }
    if (records.length === 0) {
      unlinkSync(path);
      return created(latest + 1, damage);
    }
    const fd = openSync(path, "r+");
    if (end < file.length) {
      ftruncateSync(fd, end); // a torn tail was never fsync'd as a whole; damage is kept aside above
      fsyncSync(fd);
    }
    closeSync(fd);
    return { segment: new SegmentFile(dir, latest, openSync(path, "a"), end), records, damage };
  }

  /** Appends one framed record (`frameOf`); not yet durable: call `sync`. */
  append(frame: Uint8Array): void {
    this.bytes += writeSync(this.fd, frame);
  }

  /** fsync: everything appended so far survives a crash or power loss. */
  sync(): void {
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Deletes this segment's file (after a newer one has replaced it). */
  remove(): void {
    this.close();
    unlinkSync(join(this.dir, nameOf(this.number)));
  }
}

/** Damage found in a segment file when the outbox was opened. */
export interface SegmentDamage {
  /** Offset of the first record that could not be used. */
  offset: number;
  fileBytes: number;
  /** Where a copy of the damaged file was kept. */
  kept: string;
}

// The usable records of a segment, where they end, and where damage (not a torn tail) begins.
function readRecords(file: Uint8Array): {
  records: { r: OutboxRecord; size: number }[];
  end: number;
  damagedAt: number | undefined;
} {
  const { records: frames, validLength } = scanRecords(file);
  const records: { r: OutboxRecord; size: number }[] = [];
  for (const f of frames) {
    if (records.length === 0 && f.type !== 1) return { records, end: 0, damagedAt: 0 };
    try {
      records.push({ r: decodeRecord(f.type, f.body), size: f.body.length + 9 });
    } catch {
      return { records, end: f.offset, damagedAt: f.offset };
    }
  }
  if (frames.length === 0) return { records, end: 0, damagedAt: file.length > 0 ? 0 : undefined }; // born whole: a snapshot first
  const torn = validLength === file.length || !hasFrameAfter(file, validLength);
  return { records, end: validLength, damagedAt: torn ? undefined : validLength };
}

/** A record as it is written: encoded once, framed; its length is the record's size in the outbox. */
export function frameOf(r: OutboxRecord): Uint8Array {
  const { type, body } = encodeRecord(r);
  return frameRecord(type, body);
}

function syncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
