import { fromHex, hex } from "@tet/schemas/device";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isBridgeError } from "../bridgeError.js";
import { arbitraryMessage, fromJson, loadVectors } from "../test-support/index.js";
import { cobsDecode, cobsEncode } from "./cobs.js";
import { crc32 } from "./crc32.js";
import { decodeFrame, encodeFrame } from "./frameCodec.js";
import type { Message } from "./message.js";

const v = loadVectors();

describe("CRC-32 and COBS", () => {
  it.each(v.crc32)("CRC-32 of $input is $crc ($source)", ({ input, crc }) => {
    expect(crc32(fromHex(input)).toString(16).padStart(8, "0")).toBe(crc);
  });

  it.each(v.cobs)("COBS $raw ↔ $encoded", ({ raw, encoded }) => {
    expect(hex(cobsEncode(fromHex(raw)))).toBe(encoded);
    expect(hex(cobsDecode(fromHex(encoded))!)).toBe(raw);
  });

  it("COBS round-trips any bytes and never emits a zero", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1200 }), (data) => {
        const enc = cobsEncode(data);
        expect(enc.includes(0)).toBe(false);
        expect(enc.length).toBeLessThanOrEqual(data.length + Math.floor(data.length / 254) + 1);
        expect(cobsDecode(enc)).toEqual(data);
      }),
    );
  });

  it("refuses COBS with a zero inside or a code past the end", () => {
    expect(cobsDecode(Uint8Array.of(0x03, 0x11, 0x00))).toBeUndefined();
    expect(cobsDecode(Uint8Array.of(0x05, 0x11, 0x22))).toBeUndefined();
  });
});

describe("frames: the shared vectors", () => {
  it.each(v.frames)("$name encodes to the vector's bytes and decodes back", ({ message, wire }) => {
    const m = fromJson(message);
    expect(hex(encodeFrame(m))).toBe(wire);
    const bytes = fromHex(wire);
    expect(bytes.at(-1)).toBe(0);
    expect(decodeFrame(bytes.subarray(0, -1))).toEqual(m);
  });
});

describe("frames: properties", () => {
  it("random messages round-trip through a frame", () => {
    fc.assert(
      fc.property(arbitraryMessage, (m) => {
        const wire = encodeFrame(m);
        expect(wire.indexOf(0)).toBe(wire.length - 1); // one delimiter, at the end
        expect(decodeFrame(wire.subarray(0, -1))).toEqual(m);
      }),
    );
  });

  it("any single flipped bit is caught (CRC-32 detects all 1-bit errors)", () => {
    fc.assert(
      fc.property(arbitraryMessage, fc.nat(), fc.integer({ min: 0, max: 7 }), (m, at, bit) => {
        const wire = encodeFrame(m).slice(0, -1);
        wire[at % wire.length]! ^= 1 << bit;
        let error: unknown;
        try {
          decodeFrame(wire);
        } catch (e) {
          error = e;
        }
        expect(isBridgeError(error)).toBe(true);
      }),
    );
  });

  it("refuses to encode a payload beyond the maximum", () => {
    const big: Message = { type: "statement", bytes: new Uint8Array(3000) };
    expect(() => encodeFrame(big)).toThrow(/maximum|payload/);
  });

  it("names a bad reading name as a payload defect", () => {
    const bad = encodeFrame({ type: "reading", reading: { name: "temperature", value: 1 } });
    const good = decodeFrame(bad.subarray(0, -1));
    expect(good.type).toBe("reading");
    const evil = { type: "reading", reading: { name: "9lives", value: 1 } } as const;
    expect(() => decodeFrame(encodeFrame(evil).subarray(0, -1))).toThrow(/not a name/);
  });
});
