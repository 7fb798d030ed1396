import type { CborValue } from "../cbor/index.js";
import { type Codec, type Infer, invalid } from "./codec.js";

type Fields = Record<string, Codec<unknown>>;
type Shape<R extends Fields, O extends Fields> = { [K in keyof R]: Infer<R[K]> } & {
  [K in keyof O]?: Infer<O[K]>;
};

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;

/**
 * A map with text keys, required and optional fields, and nothing else: an unknown field is refused,
 * so a signed statement cannot carry data the validator did not look at. Reads a CBOR `Map` (or a
 * plain object) and gives a plain object.
 */
export function struct<R extends Fields, O extends Fields = Record<never, never>>(
  required: R,
  optional?: O,
): Codec<Shape<R, O>> {
  const opt = (optional ?? {}) as O;
  const requiredCount = Object.keys(required).length;
  const read = (v: unknown, path: string, json: boolean) => {
    const out: Record<string, unknown> = {};
    let requiredSeen = 0;
    eachEntry(v, path, (key, value) => {
      if (typeof key !== "string") return invalid(path, "field names are text");
      // Own fields only: a key such as "constructor" is an unknown field, not a property of Object.
      let codec: Codec<unknown> | undefined;
      if (Object.hasOwn(required, key)) {
        codec = required[key];
        requiredSeen++; // keys of a map are unique, so counting them is enough
      } else if (Object.hasOwn(opt, key)) codec = opt[key];
      if (!codec) return invalid(`${path}.${key}`, "unknown field");
      const p = `${path}.${key}`;
      out[key] = json ? codec.fromJson(value, p) : codec.decode(value as CborValue, p);
    });
    if (requiredSeen !== requiredCount)
      for (const key of Object.keys(required))
        if (!Object.hasOwn(out, key)) invalid(`${path}.${key}`, "missing");
    return out as Shape<R, O>;
  };
  const specs = (fs: Fields) => Object.fromEntries(Object.entries(fs).map(([k, c]) => [k, c.spec]));
  return {
    spec: { type: "struct", required: specs(required), optional: specs(opt) },
    decode: (v, path) => read(v, path, false),
    fromJson: (v, path) => read(v, path, true),
    toJson: (v) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
        if (value === undefined) continue;
        out[key] = (required[key] ?? opt[key])?.toJson(value);
      }
      return out;
    },
  };
}

/** A map from short names (sensor names, argument names) to values, with at most `max` entries. */
export function record<T>(value: Codec<T>, opts: { max: number }): Codec<Record<string, T>> {
  const read = (v: unknown, path: string, json: boolean) => {
    if (entryCount(v, path) > opts.max) return invalid(path, `more than ${opts.max} entries`);
    const out: Record<string, T> = {};
    eachEntry(v, path, (key, x) => {
      if (typeof key !== "string" || !NAME.test(key))
        return invalid(path, `bad name ${typeof key === "string" ? JSON.stringify(key) : typeof key}`);
      out[key] = json ? value.fromJson(x, `${path}.${key}`) : value.decode(x as CborValue, `${path}.${key}`);
    });
    return out;
  };
  return {
    spec: { type: "record", value: value.spec, max: opts.max },
    decode: (v, path) => read(v, path, false),
    fromJson: (v, path) => read(v, path, true),
    toJson: (v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value.toJson(x)])),
  };
}

/** A CBOR map or a plain object (JSON), else an "expected a map" refusal. */
function asMap(v: unknown, path: string): Map<unknown, unknown> | Record<string, unknown> {
  if (v instanceof Map) return v;
  if (v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array)) {
    return v as Record<string, unknown>;
  }
  return invalid(path, "expected a map");
}

/**
 * Calls `f` for each entry of a map (a plain object's undefined fields are absent), in order, with no
 * array or iterator result per entry: this runs for every field of every statement the ingest reads.
 */
function eachEntry(v: unknown, path: string, f: (key: unknown, value: unknown) => void): void {
  const m = asMap(v, path);
  if (m instanceof Map)
    m.forEach((value, key) => {
      f(key, value);
    });
  else
    for (const key of Object.keys(m)) {
      const value = m[key];
      if (value !== undefined) f(key, value);
    }
}

function entryCount(v: unknown, path: string): number {
  const m = asMap(v, path);
  if (m instanceof Map) return m.size;
  let n = 0;
  for (const key of Object.keys(m)) if (m[key] !== undefined) n++;
  return n;
}
