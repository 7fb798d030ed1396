import type { CborValue } from "@tet/schemas";
import { ApiError } from "./apiError.js";

/**
 * A JSON-shaped value (what a route would send with `c.json`) as a CBOR data item: objects become
 * maps with text keys, `undefined` members are left out as JSON leaves them out. Typed, so a passport
 * reaches the deterministic encoder without a cast; a value JSON cannot carry (a function, a symbol)
 * is a bug, refused as INTERNAL.
 */
export function jsonToCbor(value: unknown): CborValue {
  if (value === null || value instanceof Uint8Array) return value;
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
    case "bigint":
      return value;
    case "object": {
      if (Array.isArray(value)) return value.map(jsonToCbor);
      const map: { [key: string]: CborValue } = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) map[k] = jsonToCbor(v);
      return map;
    }
    default:
      throw new ApiError("INTERNAL", `a ${typeof value} has no CBOR form`);
  }
}
