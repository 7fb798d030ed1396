import { type BridgeErrorCode, isBridgeError } from "../bridgeError.js";
import { decodeFrame } from "./frameCodec.js";
import { MAX_WIRE_BYTES, type Message } from "./message.js";

/** What the stream decoder produced from one delimited frame. */
export type DecodeResult =
  | { ok: true; message: Message }
  | { ok: false; code: BridgeErrorCode; detail: string };

/**
 * Splits a byte stream into frames at each 0x00 delimiter and decodes them (PROTOCOL.md §4). It
 * never throws and never stalls: a damaged frame is reported with its code and counted, and
 * decoding resumes at the next delimiter; bytes beyond the longest legal frame are dropped until
 * the next delimiter, so a line of noise holds at most `MAX_WIRE_BYTES` in memory.
 *
 * @example
 * const d = new FrameDecoder();
 * port.on("data", (chunk) => { for (const r of d.push(chunk)) if (r.ok) handle(r.message); });
 */
export class FrameDecoder {
  private readonly buf = new Uint8Array(MAX_WIRE_BYTES);
  private len = 0;
  private overflow = false;
  /** Frames decoded. */
  frames = 0;
  /** Rejected frames by code. */
  readonly errors: Partial<Record<BridgeErrorCode, number>> = {};

  /** Feeds bytes; returns what every frame completed by them decoded to, in order. */
  push(chunk: Uint8Array): DecodeResult[] {
    const out: DecodeResult[] = [];
    let start = 0;
    for (;;) {
      const zero = chunk.indexOf(0, start);
      const end = zero === -1 ? chunk.length : zero;
      this.append(chunk, start, end);
      if (zero === -1) return out;
      const r = this.finish();
      if (r) out.push(r);
      start = zero + 1;
    }
  }

  /** Rejected frames in total. */
  get rejected(): number {
    return Object.values(this.errors).reduce((a, b) => a + b, 0);
  }

  private append(chunk: Uint8Array, start: number, end: number): void {
    if (this.overflow || end === start) return;
    if (this.len + end - start > this.buf.length) {
      this.overflow = true; // skip to the next delimiter
      return;
    }
    this.buf.set(chunk.subarray(start, end), this.len);
    this.len += end - start;
  }

  private finish(): DecodeResult | undefined {
    const { len, overflow } = this;
    this.len = 0;
    this.overflow = false;
    if (overflow)
      return this.reject("FRAME_TOO_LARGE", `more than ${MAX_WIRE_BYTES} bytes before a delimiter`);
    if (len === 0) return undefined; // back-to-back delimiters: a sender may flush the line with one
    try {
      const message = decodeFrame(this.buf.subarray(0, len));
      this.frames++;
      return { ok: true, message };
    } catch (e) {
      if (!isBridgeError(e)) throw e;
      return this.reject(e.code, e.message);
    }
  }

  private reject(code: BridgeErrorCode, detail: string): DecodeResult {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
    return { ok: false, code, detail };
  }
}
