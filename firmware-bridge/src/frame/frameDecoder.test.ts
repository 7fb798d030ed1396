import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryMessage, loadVectors } from "../test-support/index.js";
import { encodeFrame } from "./frameCodec.js";
import { FrameDecoder } from "./frameDecoder.js";
import { MAX_WIRE_BYTES } from "./message.js";

const v = loadVectors();
const codes = (d: FrameDecoder, bytes: Uint8Array) => d.push(bytes).map((r) => (r.ok ? "ok" : r.code));

describe("FrameDecoder (a byte stream)", () => {
  it.each(v.streams)("$name → $results", ({ wire, results }) => {
    const d = new FrameDecoder();
    expect(codes(d, new Uint8Array(Buffer.from(wire, "hex")))).toEqual(results);
    expect(d.frames).toBe(results.filter((r) => r === "ok").length);
    expect(d.rejected).toBe(results.filter((r) => r !== "ok").length);
  });

  it("gives the same frames whatever the chunking", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryMessage, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (ms, cuts) => {
          const stream = Buffer.concat(ms.map(encodeFrame));
          const at = [...new Set(cuts.map((c) => c % stream.length))].sort((a, b) => a - b);
          const d = new FrameDecoder();
          const got = [...at, stream.length].flatMap((end, i) =>
            d.push(stream.subarray(at[i - 1] ?? 0, end)),
          );
          expect(got).toEqual(ms.map((message) => ({ ok: true, message })));
        },
      ),
    );
  });

  it("random noise never throws, and the next frame after a delimiter still decodes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3 * MAX_WIRE_BYTES }), arbitraryMessage, (noise, m) => {
        const d = new FrameDecoder();
        d.push(noise);
        const after = d.push(Uint8Array.of(0, ...encodeFrame(m)));
        expect(after.at(-1)).toEqual({ ok: true, message: m });
      }),
      { numRuns: 200 },
    );
  });

  it("holds at most one frame's worth of bytes, whatever the noise", () => {
    const d = new FrameDecoder();
    const r = d.push(new Uint8Array(10 * MAX_WIRE_BYTES).fill(0x55));
    expect(r).toEqual([]);
    expect(d.push(Uint8Array.of(0))).toMatchObject([{ ok: false, code: "FRAME_TOO_LARGE" }]);
    expect(d.errors).toEqual({ FRAME_TOO_LARGE: 1 });
  });
});
