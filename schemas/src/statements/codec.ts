import type { CborValue } from "../cbor/index.js";
import { TetError } from "../errors.js";
import { fromHex, hex } from "../hex.js";
import { isDidKey, objectIdFromText, objectIdToText } from "../ids/index.js";

/**
 * A field codec: checks a value decoded from CBOR (`decode`) or written as JSON (`fromJson`) and
 * gives the typed value, and turns a typed value back into JSON (`toJson`). Statement schemas are
 * built from these, so one definition gives the TypeScript type, the validator for untrusted CBOR
 * and the JSON form the `tet` command reads and prints.
 */
export interface Codec<T> {
  /** What the codec accepts, as data: the source of the CDDL in schemas/README.md and of test generators. */
  readonly spec: Spec;
  decode(v: CborValue | undefined, path: string): T;
  fromJson(v: unknown, path: string): T;
  toJson(v: T): unknown;
}

/** A description of a codec, for CDDL (RFC 8610) and generated test data. */
export type Spec =
  | { type: "uint"; min: number; max: number }
  | { type: "int"; min: number; max: number }
  | { type: "amount" }
  | { type: "num"; min?: number; max?: number }
  | { type: "text"; min: number; max: number; pattern?: string }
  | { type: "oneOf"; values: readonly string[] }
  | { type: "literal"; value: string | number }
  | { type: "bool" }
  | { type: "bytes"; min: number; max: number }
  | { type: "objectId" }
  | { type: "address" }
  | { type: "did" }
  | { type: "array"; item: Spec; min: number; max: number }
  | { type: "union"; options: Spec[] }
  | { type: "struct"; required: Record<string, Spec>; optional: Record<string, Spec> }
  | { type: "record"; value: Spec; max: number };

export type Infer<C> = C extends Codec<infer T> ? T : never;

export function invalid(path: string, why: string): never {
  throw new TetError("STATEMENT_INVALID", `${path}: ${why}`, { at: path });
}

const hexRe = /^(0x)?([0-9a-f]{2})*$/;

/** The same check for CBOR and JSON input; the JSON form is the value itself. */
function plain<T>(spec: Spec, check: (v: unknown, path: string) => T): Codec<T> {
  return { spec, decode: check, fromJson: check, toJson: (v) => v };
}

/** An unsigned integer in [min, max] (max ≤ 2^53 − 1). Timestamps, seqs, counts, log indexes. */
export function uint(opts: { min?: number; max?: number } = {}): Codec<number> {
  const min = opts.min ?? 0;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return plain({ type: "uint", min, max }, (v, path) => {
    if (typeof v !== "number" || !Number.isSafeInteger(v)) return invalid(path, "expected an integer");
    if (v < min || v > max) return invalid(path, `expected ${min}..${max}`);
    return v;
  });
}

/** A signed integer in [min, max] (both within ±(2^53 − 1)): a lag or lead in a plan's time units. */
export function int(opts: { min: number; max: number }): Codec<number> {
  return plain({ type: "int", min: opts.min, max: opts.max }, (v, path) => {
    if (typeof v !== "number" || !Number.isSafeInteger(v)) return invalid(path, "expected an integer");
    if (Object.is(v, -0)) return invalid(path, "negative zero is not an integer"); // JSON cannot carry it
    if (v < opts.min || v > opts.max) return invalid(path, `expected ${opts.min}..${opts.max}`);
    return v;
  });
}

/** A token amount in base units: an unsigned integer up to 2^64 − 1, always a bigint. JSON: a decimal string. */
export function amount(): Codec<bigint> {
  const check = (v: unknown, path: string): bigint => {
    let n: bigint | undefined;
    if (typeof v === "bigint") n = v;
    else if (typeof v === "number" && Number.isSafeInteger(v)) n = BigInt(v);
    else if (typeof v === "string" && /^(0|[1-9][0-9]{0,19})$/.test(v)) n = BigInt(v);
    if (n === undefined || n < 0n || n > 0xffff_ffff_ffff_ffffn)
      return invalid(path, "expected an amount 0..2^64-1");
    return n;
  };
  return { spec: { type: "amount" }, decode: check, fromJson: check, toJson: (v) => v.toString() };
}

/** A finite number in [min, max]: a reading or a quantity. */
export function num(opts: { min?: number; max?: number } = {}): Codec<number> {
  const spec: Spec = { type: "num" };
  if (opts.min !== undefined) spec.min = opts.min;
  if (opts.max !== undefined) spec.max = opts.max;
  return plain(spec, (v, path) => {
    if (typeof v !== "number" || !Number.isFinite(v)) return invalid(path, "expected a finite number");
    if (Object.is(v, -0)) return invalid(path, "negative zero is not a quantity"); // JSON cannot carry it
    if (v < (opts.min ?? -Number.MAX_VALUE) || v > (opts.max ?? Number.MAX_VALUE))
      return invalid(path, "out of range");
    return v;
  });
}

/** A text string of 1..max Unicode code points (min 0 when allowed), optionally matching a pattern. */
export function text(opts: { max: number; min?: number; pattern?: RegExp }): Codec<string> {
  const spec: Spec = { type: "text", min: opts.min ?? 1, max: opts.max };
  if (opts.pattern) spec.pattern = opts.pattern.source;
  return plain(spec, (v, path) => {
    if (typeof v !== "string") return invalid(path, "expected text");
    const chars = codePoints(v);
    if (chars < (opts.min ?? 1) || chars > opts.max)
      return invalid(path, `expected ${opts.min ?? 1}..${opts.max} characters`);
    if (opts.pattern && !opts.pattern.test(v)) return invalid(path, `does not match ${opts.pattern}`);
    return v;
  });
}

/** One of a closed set of text values. */
export function oneOf<const T extends string>(...values: T[]): Codec<T> {
  return plain({ type: "oneOf", values }, (v, path) => {
    if (typeof v !== "string" || !(values as string[]).includes(v))
      return invalid(path, `expected one of ${values.join(", ")}`);
    return v as T;
  });
}

/** The exact value `value` (the version field, the kind). */
export function literal<const T extends string | number>(value: T): Codec<T> {
  return plain({ type: "literal", value }, (v, path) =>
    v === value ? value : invalid(path, `expected ${JSON.stringify(value)}`),
  );
}

export const bool: Codec<boolean> = plain({ type: "bool" }, (v, path) =>
  typeof v === "boolean" ? v : invalid(path, "expected a boolean"),
);

/** A byte string of exactly `length` bytes, or `min..max`. JSON: lowercase hex (an 0x prefix is accepted). */
export function bytes(opts: { length?: number; min?: number; max?: number }): Codec<Uint8Array> {
  const min = opts.length ?? opts.min ?? 0;
  const max = opts.length ?? opts.max ?? 1024;
  const check = (b: Uint8Array, path: string) =>
    b.length < min || b.length > max
      ? invalid(path, `expected ${min === max ? min : `${min}..${max}`} bytes`)
      : b;
  return {
    spec: { type: "bytes", min, max },
    decode: (v, path) => (v instanceof Uint8Array ? check(v, path) : invalid(path, "expected a byte string")),
    fromJson: (v, path) => {
      if (typeof v !== "string" || !hexRe.test(v.toLowerCase())) return invalid(path, "expected hex");
      return check(fromHex(v.replace(/^0x/i, "")), path);
    },
    toJson: (v) => hex(v),
  };
}

/** A 16-byte object id. JSON: its 26-character base32 text form. */
export const objectId: Codec<Uint8Array> = {
  spec: { type: "objectId" },
  decode: bytes({ length: 16 }).decode,
  fromJson: (v, path) => {
    try {
      return objectIdFromText(String(v));
    } catch {
      return invalid(path, "expected an object id");
    }
  },
  toJson: (v) => objectIdToText(v),
};

/** A 20-byte EVM address. JSON: 0x-prefixed hex. */
export const address: Codec<Uint8Array> = {
  ...bytes({ length: 20 }),
  spec: { type: "address" },
  toJson: (v) => `0x${hex(v)}`,
};

/** An Ed25519 did:key naming a principal. */
export const did: Codec<string> = plain({ type: "did" }, (v, path) =>
  typeof v === "string" && isDidKey(v) ? v : invalid(path, "expected an Ed25519 did:key"),
);

/** An array of up to `max` items. */
export function arrayOf<T>(item: Codec<T>, opts: { max: number; min?: number }): Codec<T[]> {
  const len = (v: unknown[], path: string) =>
    v.length < (opts.min ?? 0) || v.length > opts.max
      ? invalid(path, `expected ${opts.min ?? 0}..${opts.max} items`)
      : v;
  return {
    spec: { type: "array", item: item.spec, min: opts.min ?? 0, max: opts.max },
    decode: (v, path) =>
      Array.isArray(v)
        ? len(v, path).map((x, i) => item.decode(x as CborValue, `${path}[${i}]`))
        : invalid(path, "expected an array"),
    fromJson: (v, path) =>
      Array.isArray(v)
        ? len(v, path).map((x, i) => item.fromJson(x, `${path}[${i}]`))
        : invalid(path, "expected an array"),
    toJson: (v) => v.map((x) => item.toJson(x)),
  };
}

/** The JavaScript type a spec's values decode to, so a union can choose its branch without trying each. */
function jsType(spec: Spec): string {
  switch (spec.type) {
    case "uint":
    case "int":
    case "num":
      return "number";
    case "bool":
      return "boolean";
    case "text":
    case "oneOf":
    case "did":
      return "string";
    default:
      return "object";
  }
}

/** Either of two codecs whose values have different JavaScript types (e.g. a reading: number, text or boolean). */
export function union<A, B>(a: Codec<A>, b: Codec<B>): Codec<A | B> {
  const pick = (v: unknown, path: string): Codec<A> | Codec<B> => {
    if (typeof v === jsType(a.spec) || (a.spec.type === "union" && typeof v !== jsType(b.spec))) return a;
    if (typeof v === jsType(b.spec) || b.spec.type === "union") return b;
    return invalid(path, "matches none of the allowed forms");
  };
  return {
    spec: { type: "union", options: [a.spec, b.spec] },
    decode: (v, path) => pick(v, path).decode(v, path),
    fromJson: (v, path) => pick(v, path).fromJson(v, path),
    toJson: (v) => v,
  };
}

/** The number of Unicode code points in a string (a surrogate pair counts once). */
function codePoints(v: string): number {
  let n = v.length;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = v.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

/**
 * One of several versions of a statement kind's map, chosen by its `v` field: `versions[v]` decodes
 * it (an unknown `v` gets the newest version's refusal). The type is the union of the versions.
 */
export function versioned<T extends Record<number, Codec<unknown>>>(versions: T): Codec<Infer<T[keyof T]>> {
  const list = Object.entries(versions).sort(([a], [b]) => Number(a) - Number(b));
  const newest = list[list.length - 1]?.[1] as Codec<unknown>;
  const pick = (v: unknown): Codec<unknown> => {
    const n = v instanceof Map ? v.get("v") : (v as Record<string, unknown> | null)?.v;
    return (typeof n === "number" && Object.hasOwn(versions, n) ? versions[n] : newest) as Codec<unknown>;
  };
  return {
    spec: { type: "union", options: list.map(([, c]) => c.spec) },
    decode: (v, path) => pick(v).decode(v, path) as Infer<T[keyof T]>,
    fromJson: (v, path) => pick(v).fromJson(v, path) as Infer<T[keyof T]>,
    toJson: (v) => pick(v).toJson(v),
  };
}
