import { PassThrough } from "node:stream";
import fc from "fast-check";
import mqttPacket from "mqtt-packet";
import { describe, expect, it } from "vitest";
import { guardPacketSize } from "./guardPacketSize.js";

/** Feeds `chunks` through a guarded stream; returns the bytes a reader got and what was refused. */
function feed(chunks: Buffer[], maxConnect: number, maxPacket: number) {
  const stream = new PassThrough();
  const refused: [number, number][] = [];
  guardPacketSize(stream, { maxConnect, maxPacket, onOversize: (d, l) => refused.push([d, l]) });
  const got: Buffer[] = [];
  for (const c of chunks) {
    if (stream.destroyed) break;
    stream.write(c);
    for (let b = stream.read() as Buffer | null; b !== null; b = stream.read() as Buffer | null) got.push(b);
  }
  return { got: Buffer.concat(got), refused, destroyed: stream.destroyed };
}

const connect = mqttPacket.generate({
  cmd: "connect",
  protocolId: "MQTT",
  protocolVersion: 4,
  clean: true,
  clientId: "tet-x",
  keepalive: 0,
});
const publish = (n: number, id = 1) =>
  mqttPacket.generate({
    cmd: "publish",
    topic: "t/up",
    payload: Buffer.alloc(n, 7),
    qos: 1,
    messageId: id,
    dup: false,
    retain: false,
  });

describe("guardPacketSize", () => {
  it("passes packets within the limits through unchanged, however they are split", () => {
    const all = Buffer.concat([connect, publish(100), publish(16_000, 2), publish(0, 3)]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: all.length }), { maxLength: 8 }), (cuts) => {
        const at = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks = [0, ...at]
          .map((from, i) => all.subarray(from, at[i] ?? all.length))
          .filter((c) => c.length > 0);
        const r = feed(chunks, 4096, 17_000);
        expect(r.refused).toEqual([]);
        expect(r.got.equals(all)).toBe(true);
      }),
    );
  });

  it("refuses a CONNECT announcing 256 MB from its header, before its body arrives", () => {
    // Fixed header 0x10 and remaining length 268,435,455 (0xff 0xff 0xff 0x7f) [MQTT-2.2.3].
    const r = feed(
      [Buffer.from([0x10, 0xff, 0xff]), Buffer.from([0xff, 0x7f]), Buffer.alloc(65_536)],
      4096,
      20_480,
    );
    expect(r.refused[0]?.[1]).toBe(4096);
    expect(r.refused).toHaveLength(1);
    expect(r.destroyed).toBe(true);
    expect(r.got.length).toBe(0); // the reader never saw a byte of it
  });

  it("refuses a later packet over the packet limit and a remaining length longer than four bytes", () => {
    const big = feed([connect, publish(30_000)], 4096, 20_480);
    expect(big.refused.map(([, l]) => l)).toEqual([20_480]);
    expect(big.got.equals(connect)).toBe(true);
    const malformed = feed(
      [connect, Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01])],
      4096,
      Number.POSITIVE_INFINITY,
    );
    expect(malformed.refused).toHaveLength(1);
  });
});
