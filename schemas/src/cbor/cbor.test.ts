import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTetError, type TetErrorCode } from "../errors.js";
import { fromHex, hex } from "../hex.js";
import { decodeStrict } from "./decode.js";
import { encode } from "./encode.js";
import { type CborValue, Tagged } from "./types.js";

const unspaced = (h: string) => fromHex(h.replace(/\s/g, ""));

function codeOf(f: () => unknown): TetErrorCode | "none" {
  try {
    f();
    return "none";
  } catch (e) {
    if (isTetError(e)) return e.code;
    throw e;
  }
}

describe("deterministic encoding (RFC 8949 §4.2.1)", () => {
  // Examples from RFC 8949 Appendix A.
  it.each<[CborValue, string]>([
    [0, "00"],
    [23, "17"],
    [24, "1818"],
    [1000, "1903e8"],
    [1000000, "1a000f4240"],
    [1000000000000, "1b000000e8d4a51000"],
    [18446744073709551615n, "1bffffffffffffffff"],
    [-1, "20"],
    [-1000, "3903e7"],
    [-18446744073709551616n, "3bffffffffffffffff"],
    [1.5, "f93e00"],
    [100000.5, "fa47c35040"],
    [1.1, "fb3ff199999999999a"],
    [2 ** -24, "f90001"], // 5.960464477539063e-8, the smallest half
    [-4.1, "fbc010666666666666"],
    [Number.POSITIVE_INFINITY, "f97c00"],
    [Number.NaN, "f97e00"],
    [-0, "f98000"],
    ["", "60"],
    ["ü", "62c3bc"],
    [new Uint8Array([1, 2, 3, 4]), "4401020304"],
    [[1, [2, 3], [4, 5]], "8301820203820405"],
    [{ a: 1, b: [2, 3] }, "a26161016162820203"],
    [new Tagged(18, [1]), "d28101"],
    [true, "f5"],
    [null, "f6"],
  ])("encodes %o as %s", (value, expected) => {
    expect(hex(encode(value))).toBe(expected);
  });

  it("sorts map keys by their encoded bytes, integers before longer text", () => {
    const m = new Map<CborValue, CborValue>([
      ["aa", 1],
      [10, 2],
      [-1, 3],
      ["b", 4],
      [100, 5],
    ]);
    // 0a < 1864 < 20 < 6162 < 626161
    expect(hex(encode(m))).toBe("a5" + "0a02" + "186405" + "2003" + "616204" + "62616101");
  });

  it("leaves out undefined object fields and refuses duplicate keys", () => {
    expect(hex(encode({ a: 1, b: undefined }))).toBe("a1616101");
    expect(
      codeOf(() =>
        encode(
          new Map<CborValue, CborValue>([
            [1, 1],
            [1n, 2],
          ]),
        ),
      ),
    ).toBe("CBOR_UNENCODABLE");
  });
});

describe("strict decoder", () => {
  it.each<[string, TetErrorCode]>([
    ["", "CBOR_TRUNCATED"],
    ["1903", "CBOR_TRUNCATED"],
    ["0000", "CBOR_TRAILING_BYTES"],
    ["1817", "CBOR_NON_MINIMAL"],
    ["190017", "CBOR_NON_MINIMAL"],
    ["1a0000ffff", "CBOR_NON_MINIMAL"],
    ["1b00000000ffffffff", "CBOR_NON_MINIMAL"],
    ["5801ff", "CBOR_NON_MINIMAL"],
    ["9f01ff", "CBOR_INDEFINITE_LENGTH"],
    ["5f4101ff", "CBOR_INDEFINITE_LENGTH"],
    ["ff", "CBOR_INDEFINITE_LENGTH"],
    ["a2616101616102", "CBOR_DUPLICATE_KEY"],
    ["a2616201616101", "CBOR_UNSORTED_KEYS"],
    ["a1f401", "CBOR_UNSUPPORTED"],
    ["f7", "CBOR_UNSUPPORTED"],
    ["c24101", "CBOR_UNSUPPORTED"],
    ["1c", "CBOR_UNSUPPORTED"],
    ["62c328", "CBOR_INVALID_UTF8"],
    ["fa3fc00000", "CBOR_NON_MINIMAL"], // 1.5 as a single
    ["f93c00", "CBOR_NON_MINIMAL"], // 1.0 is the integer 1
    ["f97e01", "CBOR_NON_MINIMAL"], // a NaN other than 0x7e00
    ["5a7fffffff", "CBOR_TRUNCATED"],
  ])("%s → %s", (input, code) => {
    expect(codeOf(() => decodeStrict(unspaced(input)))).toBe(code);
  });

  it("refuses input over the size limit before parsing it", () => {
    expect(codeOf(() => decodeStrict(new Uint8Array(101), { maxBytes: 100 }))).toBe("CBOR_TOO_LARGE");
  });

  it("refuses nesting deeper than the limit", () => {
    const deep = unspaced(`${"81".repeat(17)}00`);
    expect(codeOf(() => decodeStrict(deep))).toBe("CBOR_TOO_DEEP");
    expect(codeOf(() => decodeStrict(deep, { maxDepth: 17 }))).toBe("none");
  });

  it("decodes integers beyond 2^53 as bigint and maps as Map", () => {
    expect(decodeStrict(unspaced("1b0020000000000000"))).toBe(2n ** 53n);
    expect(decodeStrict(unspaced("a10102"))).toEqual(new Map([[1, 2]]));
  });
});

const cborValue: fc.Arbitrary<CborValue> = fc.letrec<{ v: CborValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    fc.integer(),
    fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n - 1n }),
    fc.double(),
    fc.string({ unit: "grapheme" }),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie("v"), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie("v"), { maxKeys: 5 }),
    fc
      .array(fc.tuple(fc.integer({ min: -30, max: 300 }), tie("v")), { maxLength: 4 })
      .map((kv) => new Map(kv)),
  ),
})).v;

describe("properties", () => {
  it("decode(encode(x)) re-encodes to the same bytes (canonical)", () => {
    fc.assert(
      fc.property(cborValue, (v) => {
        const bytes = encode(v);
        const again = encode(decodeStrict(bytes, { maxDepth: 64, maxBytes: 1 << 20 }));
        expect(hex(again)).toBe(hex(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it("a float is accepted in exactly its shortest width, NaN only as f97e00 (oracle: every half value)", () => {
    // An independent oracle: the value of each of the 65,536 half-precision patterns.
    const halves = new Map<string, number>();
    for (let h = 0; h < 0x10000; h++) {
      const b = Buffer.from([h >> 8, h & 0xff]);
      const v = Buffer.from([0xf9, ...b]);
      const sign = h & 0x8000 ? -1 : 1;
      const exp = (h >> 10) & 0x1f;
      const mant = h & 0x3ff;
      const value =
        exp === 0
          ? sign * mant * 2 ** -24
          : exp === 31
            ? mant
              ? Number.NaN
              : sign * Number.POSITIVE_INFINITY
            : sign * (1 + mant / 1024) * 2 ** (exp - 15);
      if (!Number.isNaN(value)) halves.set(Object.is(value, -0) ? "-0" : String(value), v.readUInt16BE(1));
    }
    const key = (v: number) => (Object.is(v, -0) ? "-0" : String(v));
    const shortest = (v: number) =>
      Number.isNaN(v) || halves.has(key(v)) ? 2 : Math.fround(v) === v ? 4 : 8;
    const encodings = (v: number): [number, Uint8Array][] => {
      const out: [number, Uint8Array][] = [];
      const h = Number.isNaN(v) ? 0x7e00 : halves.get(key(v));
      if (h !== undefined) out.push([2, Uint8Array.of(0xf9, h >> 8, h & 0xff)]);
      if (Number.isNaN(v) || Math.fround(v) === v) {
        const b = Buffer.alloc(5);
        b[0] = 0xfa;
        b.writeFloatBE(v, 1);
        out.push([4, b]);
      }
      const b = Buffer.alloc(9);
      b[0] = 0xfb;
      b.writeDoubleBE(v, 1);
      out.push([8, b]);
      return out;
    };
    const specials = [0, -0, 0.5, 1.5, 65504, 65520, 2 ** -24, 2 ** -25, 2 ** -14, 1e-300, 3.4e38, 1e39];
    const values = fc.oneof(
      fc.constantFrom(...specials, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
      fc.double(),
      fc.float(), // single-precision values
    );
    fc.assert(
      fc.property(values, (v) => {
        const integral = Number.isSafeInteger(v) && !Object.is(v, -0);
        for (const [width, bytes] of encodings(v)) {
          const accepted = codeOf(() => decodeStrict(bytes)) === "none";
          expect(accepted, `${v} in ${width} bytes`).toBe(!integral && width === shortest(v));
          if (accepted) expect(Object.is(decodeStrict(bytes), v) || Number.isNaN(v)).toBe(true);
        }
        if (!integral)
          expect(hex(encode(v))).toBe(
            hex((encodings(v).find(([w]) => w === shortest(v)) ?? [0, new Uint8Array()])[1]),
          );
      }),
      { numRuns: 3000 },
    );
  });

  it("random bytes never crash the decoder: they decode or give a typed error", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          const v = decodeStrict(bytes);
          expect(hex(encode(v))).toBe(hex(bytes)); // whatever is accepted is canonical
        } catch (e) {
          expect(isTetError(e)).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe("byte strings as views", () => {
  const bytes = encode([new Uint8Array([1, 2, 3]), "x"]);

  it("are copies by default, so later changes to the input do not reach them", () => {
    const input = Uint8Array.from(bytes);
    const [b] = decodeStrict(input) as [Uint8Array];
    input[2] = 9;
    expect([...b]).toEqual([1, 2, 3]);
  });

  it("are plain Uint8Array copies by default also when the input is a Buffer (whose slice is a view)", () => {
    const input = Buffer.from(bytes);
    const [b] = decodeStrict(input) as [Uint8Array];
    input[2] = 9;
    expect([...b]).toEqual([1, 2, 3]);
    expect(Buffer.isBuffer(b)).toBe(false);
    const long = Buffer.from(encode([new Uint8Array(100).fill(7)]));
    const [l] = decodeStrict(long) as [Uint8Array];
    long.fill(0);
    expect(l.every((x) => x === 7)).toBe(true);
  });

  it("are views into the input with views: true", () => {
    const input = Uint8Array.from(bytes);
    const [b] = decodeStrict(input, { views: true }) as [Uint8Array];
    expect(b.buffer).toBe(input.buffer);
    expect([...b]).toEqual([1, 2, 3]);
  });
});
