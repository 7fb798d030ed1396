import type { Duplex } from "node:stream";

/** Settings of `guardPacketSize`. */
export interface PacketSizeLimits {
  /** The first packet's (CONNECT's) largest remaining length. */
  maxConnect: number;
  /** Every later packet's largest remaining length. */
  maxPacket: number;
  /** Called once, before the stream is destroyed, with the declared size and the limit. */
  onOversize: (declared: number, limit: number) => void;
}

/**
 * Refuses an MQTT packet that is too large from its fixed header, before it is buffered: every chunk
 * a reader takes from `stream` (aedes calls `read()`) first passes a small framing state machine
 * that reads each packet's remaining length [MQTT-2.2.3] and skips its body; a declared length over
 * the limit (or a malformed length of more than four bytes [MQTT-1.5.3]) destroys the stream and
 * hands the reader nothing, so mqtt-packet's parser never starts collecting it. Without this a
 * CONNECT may announce 256 MB and be collected whole before the login is checked. Works for a TCP
 * socket and for the Duplex of MQTT over WebSocket alike.
 */
export function guardPacketSize(stream: Duplex, limits: PacketSizeLimits): void {
  let first = true;
  let skip = 0; // body bytes of the current packet still to pass
  let inLength = false; // inside a remaining-length field
  let value = 0;
  let multiplier = 1;
  let lengthBytes = 0;
  let failed = false;
  const check = (chunk: Buffer): boolean => {
    let i = 0;
    while (i < chunk.length) {
      if (skip > 0) {
        const k = Math.min(skip, chunk.length - i);
        skip -= k;
        i += k;
        continue;
      }
      if (!inLength) {
        i++; // the fixed header's first byte: type and flags
        inLength = true;
        value = 0;
        multiplier = 1;
        lengthBytes = 0;
        continue;
      }
      const b = chunk[i++] as number;
      value += (b & 0x7f) * multiplier;
      multiplier *= 128;
      lengthBytes++;
      const limit = first ? limits.maxConnect : limits.maxPacket;
      if (value > limit || ((b & 0x80) !== 0 && lengthBytes === 4)) {
        limits.onOversize(value, limit);
        return false;
      }
      if (b & 0x80) continue;
      inLength = false;
      first = false;
      skip = value;
    }
    return true;
  };
  const read = stream.read.bind(stream);
  stream.read = (size?: number) => {
    if (failed) return null;
    const chunk = read(size) as Buffer | string | null;
    if (chunk === null || typeof chunk === "string" || check(chunk)) return chunk;
    failed = true;
    stream.destroy();
    return null;
  };
}
