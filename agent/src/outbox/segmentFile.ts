import {
  closeSync,
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
import { AgentError } from "../errors.js";
import { decodeRecord, encodeRecord, type OutboxRecord } from "./outboxRecord.js";
import { frameRecord, scanRecords } from "./recordFrame.js";

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

  /** Writes a new segment holding `records` and returns it open for appending. */
  static create(dir: string, number: number, records: OutboxRecord[]): SegmentFile {
    const tmp = join(dir, `${nameOf(number)}.tmp`);
    const fd = openSync(tmp, "w", 0o600);
    let bytes = 0;
    for (const r of records) bytes += writeSync(fd, frame(r));
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, join(dir, nameOf(number)));
    syncDir(dir);
    return new SegmentFile(dir, number, openSync(join(dir, nameOf(number)), "a"), bytes);
  }

  /**
   * Opens the newest segment in `dir`, truncating a torn tail left by kill -9 or power loss, and
   * returns it with its records; removes older segments and leftover temporary files.
   * Returns null when there is none.
   */
  static openLatest(
    dir: string,
  ): { segment: SegmentFile; records: { r: OutboxRecord; size: number }[] } | null {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const names = readdirSync(dir);
    const numbers = names
      .flatMap((n) => (NAME.test(n) ? [Number(NAME.exec(n)![1])] : []))
      .sort((a, b) => a - b);
    for (const n of names) if (n.endsWith(".tmp")) unlinkSync(join(dir, n));
    const latest = numbers.pop();
    if (latest === undefined) return null;
    for (const n of numbers) unlinkSync(join(dir, nameOf(n)));
    const path = join(dir, nameOf(latest));
    const file = new Uint8Array(readFileSync(path));
    const { records, validLength } = scanRecords(file);
    if (records[0]?.type !== 1)
      throw new AgentError("OUTBOX_CORRUPT", `${path} does not start with a snapshot`);
    const fd = openSync(path, "r+");
    if (validLength < file.length) {
      ftruncateSync(fd, validLength); // drop the torn tail: it was never fsync'd as a whole
      fsyncSync(fd);
    }
    closeSync(fd);
    const decoded = records.map((f) => ({
      r: decodeRecord(f.type, f.body),
      size: f.body.length + 9,
    }));
    return { segment: new SegmentFile(dir, latest, openSync(path, "a"), validLength), records: decoded };
  }

  /** Appends records (not yet durable: call `sync`). Returns the size of each. */
  append(records: OutboxRecord[]): number[] {
    const frames = records.map(frame);
    const all = frames.length === 1 ? frames[0]! : Buffer.concat(frames);
    this.bytes += writeSync(this.fd, all);
    return frames.map((f) => f.length);
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

function frame(r: OutboxRecord): Uint8Array {
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
