import type { CborValue } from "../cbor/types.js";
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
  const read = (entries: [unknown, unknown][], path: string, json: boolean) => {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const [key, value] of entries) {
      if (typeof key !== "string") return invalid(path, "field names are text");
      // Own fields only: a key such as "constructor" is an unknown field, not a property of Object.
      const codec = Object.hasOwn(required, key)
        ? required[key]
        : Object.hasOwn(opt, key)
          ? opt[key]
          : undefined;
      if (!codec) return invalid(`${path}.${key}`, "unknown field");
      seen.add(key);
      const p = `${path}.${key}`;
      out[key] = json ? codec.fromJson(value, p) : codec.decode(value as CborValue, p);
    }
    for (const key of Object.keys(required)) if (!seen.has(key)) invalid(`${path}.${key}`, "missing");
    return out as Shape<R, O>;
  };
  const specs = (fs: Fields) => Object.fromEntries(Object.entries(fs).map(([k, c]) => [k, c.spec]));
  return {
    spec: { type: "struct", required: specs(required), optional: specs(opt) },
    decode: (v, path) => read(entriesOf(v, path), path, false),
    fromJson: (v, path) => read(entriesOf(v, path), path, true),
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
  const read = (entries: [unknown, unknown][], path: string, json: boolean) => {
    if (entries.length > opts.max) return invalid(path, `more than ${opts.max} entries`);
    const out: Record<string, T> = {};
    for (const [key, v] of entries) {
      if (typeof key !== "string" || !NAME.test(key)) return invalid(path, `bad name ${JSON.stringify(key)}`);
      out[key] = json ? value.fromJson(v, `${path}.${key}`) : value.decode(v as CborValue, `${path}.${key}`);
    }
    return out;
  };
  return {
    spec: { type: "record", value: value.spec, max: opts.max },
    decode: (v, path) => read(entriesOf(v, path), path, false),
    fromJson: (v, path) => read(entriesOf(v, path), path, true),
    toJson: (v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value.toJson(x)])),
  };
}

function entriesOf(v: unknown, path: string): [unknown, unknown][] {
  if (v instanceof Map) return [...v.entries()];
  if (v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array)) {
    return Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  }
  return invalid(path, "expected a map");
}
